import { plainFormMessage, toManualEntryFormView } from './manual-entry.view';

const row = (analyte: string, value = '') => ({ analyte, value, qualifier: '', unit: '', loq: '', limit: '' });

describe('the manual-entry form in plain words', () => {
  it('names a results row as shown, counted from 1, blank rows included', () => {
    // The entry skips blank rows: its results.1 is the third row on the form.
    const results = [row('Lead', '0.1'), row(''), row('Cadmium', 'lots')];
    expect(plainFormMessage('results.1.value: expected a number', { results })).toBe('Row 3, value "lots": expected a number');
    expect(plainFormMessage('results.0.loq: -1 is negative', { results })).toBe('Row 1, LOQ: -1 is negative');
    expect(plainFormMessage('results.0: unknown analyte', { results })).toBe('Row 1: unknown analyte');
  });

  it('names other fields by their labels and leaves other messages as they are', () => {
    expect(plainFormMessage('uid: expected 16 digits', { results: [] })).toBe('New UID: expected 16 digits');
    expect(plainFormMessage('lab.license: required', { results: [] })).toBe("Testing lab's license: required");
    expect(plainFormMessage('a sample with UID 1 already exists', { results: [] })).toBe('a sample with UID 1 already exists');
  });

  it('shows what was posted again, with at least eight rows, and today as the default date', () => {
    const view = toManualEntryFormView('2026-03-02', [], { uid: '123', results: [row('Lead', '0.1')] });
    expect(view.values).toMatchObject({ uid: '123', certificateDate: '2026-03-02' });
    expect(view.rows).toHaveLength(8);
    expect(view.rows[0]).toEqual(row('Lead', '0.1'));
    const many = toManualEntryFormView('2026-03-02', [], { results: Array.from({ length: 11 }, () => row('x')) });
    expect(many.rows).toHaveLength(11);
  });
});

import ny2025 from '../../templates/limits/ny/2025-03-01.json';
import ny2026 from '../../templates/limits/ny/2026-02-09.json';
import { parseLimitTable } from './limit-table.schemas';
import { selectLimitTable } from './select-limit-table';

describe('selectLimitTable', () => {
  const tables = [parseLimitTable(ny2026, '2026-02-09.json'), parseLimitTable(ny2025, '2025-03-01.json')];

  it.each([
    ['2025-03-01', 'ny-2025-03-01'],
    ['2025-03-07', 'ny-2025-03-01'],
    ['2026-02-08', 'ny-2025-03-01'],
    ['2026-02-09', 'ny-2026-02-09'],
    ['2027-01-01', 'ny-2026-02-09'],
  ])('applies on %s the table in force that day: %s', (testedOn, id) => {
    expect(selectLimitTable(tables, { jurisdiction: 'NY', testedOn }).id).toBe(id);
  });

  it('matches the jurisdiction case-insensitively', () => {
    expect(selectLimitTable(tables, { jurisdiction: 'ny', testedOn: '2025-06-01' }).id).toBe('ny-2025-03-01');
  });

  it('says which table starts when none is in force yet', () => {
    expect(() => selectLimitTable(tables, { jurisdiction: 'NY', testedOn: '2025-02-27' })).toThrow(
      'no NY limit table is in force on 2025-02-27: the earliest loaded (ny-2025-03-01) takes effect on 2025-03-01',
    );
  });

  it('says when no table is loaded for the jurisdiction', () => {
    expect(() => selectLimitTable(tables, { jurisdiction: 'CA', testedOn: '2025-06-01' })).toThrow(
      'no limit table is loaded for jurisdiction CA',
    );
  });

  it('refuses a date that is not YYYY-MM-DD', () => {
    expect(() => selectLimitTable(tables, { jurisdiction: 'NY', testedOn: '03/07/2025' })).toThrow(
      'testedOn must be a date YYYY-MM-DD',
    );
  });

  it('refuses two tables taking effect the same day', () => {
    const twin = { ...tables[1], id: 'ny-2025-03-01-b' };
    expect(() => selectLimitTable([...tables, twin], { jurisdiction: 'NY', testedOn: '2025-06-01' })).toThrow(
      /both take effect on 2025-03-01/,
    );
  });
});

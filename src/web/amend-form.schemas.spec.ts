import { AmendmentFormSchema } from './amend-form.schemas';

const REASON = 'Lead re-integrated after review of the chromatogram.';
const row = (analyte: string, fields: Record<string, string>) => ({
  analyte,
  was: '0.150',
  unitWas: 'ug/g',
  loqWas: '0.05',
  ...fields,
});

describe('the amendment form', () => {
  it('turns changed rows into the API changes: numbers as values, anything else as qualifiers, untouched rows left out', () => {
    const parsed = AmendmentFormSchema.parse({
      reason: REASON,
      rows: [
        row('lead', { reading: '0.40', loq: '0.05' }),
        row('arsenic', { reading: 'ND', loq: '0.05' }),
        row('cadmium', { reading: '<0.02', loq: '0.05' }),
        row('mercury', { reading: '', loq: '0.05', unit: '' }),
        row('nickel', { reading: '1,250' }),
      ],
    });
    expect(parsed).toEqual({
      reason: REASON,
      changes: [
        { analyte: 'lead', value: '0.40', unit: 'ug/g' },
        { analyte: 'arsenic', qualifier: 'ND', unit: 'ug/g' },
        { analyte: 'cadmium', qualifier: '<0.02', unit: 'ug/g' },
        { analyte: 'nickel', value: '1,250', unit: 'ug/g' },
      ],
    });
  });

  it('keeps the stored reading for an LOQ-only change, removes a ticked row, and adds typed rows', () => {
    const parsed = AmendmentFormSchema.parse({
      reason: REASON,
      rows: { 0: row('lead', { loq: '0.03' }), 1: row('arsenic', { reading: '9', remove: 'yes' }) },
      add: [
        { analyte: 'Mercury', reading: 'ND', unit: 'ug/g', loq: '0.01' },
        { analyte: '', reading: '', unit: '', loq: '' },
      ],
    });
    expect(parsed.changes).toEqual([
      { analyte: 'lead', value: '0.150', unit: 'ug/g', loq: '0.03' },
      { analyte: 'arsenic', remove: true },
      { analyte: 'Mercury', qualifier: 'ND', unit: 'ug/g', loq: '0.01' },
    ]);
  });

  it('refuses a form that changes nothing, and a short reason', () => {
    const nothing = AmendmentFormSchema.safeParse({ reason: REASON, rows: [row('lead', { loq: '0.05' })] });
    expect(nothing.success).toBe(false);
    expect(JSON.stringify(nothing.error?.issues)).toContain('expected at least one change');
    const short = AmendmentFormSchema.safeParse({ reason: 'typo', rows: [row('lead', { reading: '0.4' })] });
    expect(JSON.stringify(short.error?.issues)).toContain('reason');
  });
});

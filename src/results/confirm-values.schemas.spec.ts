import { ConfirmValuesSchema } from './confirm-values.schemas';

describe('numbers typed into a manual entry', () => {
  const value = (text: string) => ConfirmValuesSchema.safeParse({ values: [{ analyte: 'total_yeast_and_mold', value: text }] });

  it.each([
    ['2,500', '2500'],
    ['1,250,000.5', '1250000.5'],
    ['0.25', '0.25'],
  ])('reads %s as %s', (text, read) => {
    const parsed = value(text);
    expect(parsed.success && parsed.data.values[0].value).toBe(read);
  });

  it.each(['1,5', '2,50', '12,3456', 'abc'])('refuses %s, which is no unambiguous number', (text) => {
    expect(value(text).success).toBe(false);
  });
});

import { compareDecimals, decimalPlaces, decimalToJsonNumber, parseDecimal, roundDecimal, shiftDecimal } from './decimal';

describe('parseDecimal', () => {
  it.each([
    ['0.30', '0.30'],
    ['26.82', '26.82'],
    ['9.2720', '9.2720'],
    ['0.00', '0.00'],
    ['1,250', '1250'],
    ['1,250,000.5', '1250000.5'],
    ['1 250', '1250'],
    ['1\u00a0250.75', '1250.75'],
    ['1.2E-3', '0.0012'],
    ['1.20e-3', '0.00120'],
    ['5e2', '500'],
    ['2.5E+1', '25'],
    ['.5', '0.5'],
    ['5.', '5'],
    ['007', '7'],
    ['+4', '4'],
    ['-0.5', '-0.5'],
    ['-0.00', '0.00'],
    ['  12.3  ', '12.3'],
  ])('keeps the reported precision of %j → %j', (text, expected) => {
    expect(parseDecimal(text)).toBe(expected);
  });

  it.each([
    ['1,25', '1.25'],
    ['0,30', '0.30'],
    ['1.250', '1250'],
    ['1.250,5', '1250.5'],
    ['1 250,5', '1250.5'],
    ['1,2E-3', '0.0012'],
  ])('reads %j with a decimal comma as %j', (text, expected) => {
    expect(parseDecimal(text, { decimalComma: true })).toBe(expected);
  });

  it.each(['1,25', '0,5', '1,2345', '12,34,567', '1.2.3', 'ND', '', '.', '1e', '3 %', 'abc', '1,250 000'])(
    'refuses %j rather than guess (period decimal)',
    (text) => {
      expect(parseDecimal(text)).toBeNull();
    },
  );

  it.each(['1.25', '1.2345', '1,2,3'])('refuses %j rather than guess (comma decimal)', (text) => {
    expect(parseDecimal(text, { decimalComma: true })).toBeNull();
  });
});

describe('shiftDecimal', () => {
  it.each([
    ['0.30', 1, '3.0'],
    ['0.020', 3, '20'],
    ['20', -3, '0.020'],
    ['0.2', -1, '0.02'],
    ['1.5', 4, '15000'],
    ['0.1', 1, '1'],
    ['0.0065', 0, '0.0065'],
  ])('moves the point of %s by 10^%i exactly → %s', (value, exponent, expected) => {
    expect(shiftDecimal(value, exponent)).toBe(expected);
  });

  it('never produces float noise (0.1 + 0.2 style)', () => {
    expect(shiftDecimal('0.30000', 0)).toBe('0.30000');
    expect(shiftDecimal('0.3', 2)).toBe('30');
  });
});

describe('decimal helpers', () => {
  it.each([
    ['26.02616', 2, '26.03'],
    ['26.025', 2, '26.03'],
    ['-0.0049', 2, '0.00'],
    ['1', 2, '1.00'],
  ])('rounds %s half-up to %i places → %s', (value, places, expected) => {
    expect(roundDecimal(value, places)).toBe(expected);
  });

  it.each([
    ['0.30', 2],
    ['20', 0],
    ['0.00022', 5],
  ])('counts the decimals of %s as %i', (value, places) => {
    expect(decimalPlaces(value)).toBe(places);
  });

  it.each([
    ['0.2', '0.20', 0],
    ['1100', '110', 1],
    ['0.0049', '0.005', -1],
  ])('compares %s with %s as %i', (a, b, expected) => {
    expect(compareDecimals(a, b)).toBe(expected);
  });

  it.each([
    ['0.30', 0.3],
    ['26.02616', 26.02616],
    ['1400000', 1400000],
    ['0.00022', 0.00022],
  ])('renders %s as the JSON number %p', (value, n) => {
    expect(decimalToJsonNumber(value)).toBe(n);
    expect(JSON.stringify(decimalToJsonNumber(value))).toBe(String(n));
  });

  it('refuses to send a value a JSON number would change', () => {
    expect(() => decimalToJsonNumber('0.12345678901234567890')).toThrow(/without changing its digits/);
  });

  it('rejects non-decimal input instead of coercing it', () => {
    expect(() => decimalPlaces('1e3')).toThrow(/not a decimal string/);
  });
});

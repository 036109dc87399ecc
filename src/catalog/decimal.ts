import { Decimal } from 'decimal.js';

/**
 * Decimal values travel as strings that keep the precision the source printed ("0.30" stays "0.30").
 * Arithmetic goes through decimal.js with enough precision that nothing we do ever rounds implicitly.
 */
export const Dec = Decimal.clone({
  precision: 80,
  rounding: Decimal.ROUND_HALF_UP,
  toExpNeg: -100,
  toExpPos: 100,
});

const DECIMAL_STRING = /^-?\d+(\.\d+)?$/;

/** True for the canonical form this module produces: optional minus, digits, optional fraction. */
export function isDecimalString(value: string): boolean {
  return DECIMAL_STRING.test(value);
}

function assertDecimal(value: string): void {
  if (!isDecimalString(value)) throw new Error(`"${value}" is not a decimal string`);
}

/** Digits after the decimal point: the precision the value was reported with. */
export function decimalPlaces(value: string): number {
  assertDecimal(value);
  const dot = value.indexOf('.');
  return dot < 0 ? 0 : value.length - dot - 1;
}

export function toDec(value: string): Decimal {
  assertDecimal(value);
  return new Dec(value);
}

/** Renders with exactly `places` decimals (half-up), never in exponent notation, never as "-0". */
export function formatDec(value: Decimal, places: number): string {
  const text = value.toFixed(Math.max(0, places));
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}

/** Exact rendering of a computed value: as many decimals as it has, no more. */
export function formatExact(value: Decimal): string {
  return formatDec(value, value.decimalPlaces());
}

/**
 * Multiplies by 10^exponent exactly. Precision moves with the point: "0.30" × 10 → "3.0",
 * "0.020" × 1000 → "20", "20" ÷ 1000 → "0.020" (three decimals, the same two significant digits).
 */
export function shiftDecimal(value: string, exponent: number): string {
  const places = Math.max(0, decimalPlaces(value) - exponent);
  return formatDec(toDec(value).times(new Dec(10).pow(exponent)), places);
}

/** Half-up rounding to `places` decimals ("26.02616", 2 → "26.03"). */
export function roundDecimal(value: string, places: number): string {
  return formatDec(toDec(value), places);
}

export function compareDecimals(a: string, b: string): -1 | 0 | 1 {
  const c = toDec(a).comparedTo(toDec(b));
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}

/**
 * Parses number text as printed: "1,250", "0.30", "1.2E-3", ".5", "1 250,5" (with `decimalComma`).
 * Returns the canonical decimal string keeping every reported digit ("0.30" → "0.30",
 * "1.2E-3" → "0.0012"), or null when the text is not one unambiguous number: "1,25" without
 * `decimalComma` and "1.25" with it are refused rather than guessed.
 */
export function parseDecimal(text: string, opts: { decimalComma?: boolean } = {}): string | null {
  const t = text
    .normalize('NFKC')
    .trim()
    .replace(/[\u2212\u2012\u2013]/g, '-');
  const m = /^([+-]?)([0-9.,\s]+?)(?:[eE]([+-]?\d{1,3}))?$/.exec(t);
  if (!m) return null;
  const [, sign, mantissaText, exponentText] = m;
  const mantissa = parseMantissa(mantissaText, opts.decimalComma === true, exponentText !== undefined);
  if (mantissa === null) return null;
  const value = exponentText === undefined ? mantissa : shiftDecimal(mantissa, Number(exponentText));
  return sign === '-' && !toDec(value).isZero() ? `-${value}` : value;
}

function parseMantissa(text: string, decimalComma: boolean, hasExponent: boolean): string | null {
  const group = decimalComma ? '\\.' : ',';
  const p = decimalComma ? ',' : '\\.';
  const plain = new RegExp(`^(\\d*)(?:${p}(\\d*))?$`).exec(text);
  const grouped = hasExponent ? null : new RegExp(`^(\\d{1,3}(?:([ ${group}])\\d{3})(?:\\2\\d{3})*)(?:${p}(\\d*))?$`).exec(text);
  let intPart: string;
  let fraction: string;
  if (plain) {
    [intPart, fraction] = [plain[1], plain[2] ?? ''];
  } else if (grouped) {
    intPart = grouped[1].replace(/[ .,]/g, '');
    fraction = grouped[3] ?? '';
  } else {
    return null;
  }
  if (intPart === '' && fraction === '') return null;
  const integer = intPart.replace(/^0+(?=\d)/, '') || '0';
  return fraction === '' ? integer : `${integer}.${fraction}`;
}

/**
 * The number to put in JSON for a decimal string: "0.30" → 0.3, never 0.30000000000000004. Throws when
 * the value has more significant digits than a JSON number carries, instead of sending a different one.
 */
export function decimalToJsonNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || !toDec(value).equals(new Dec(String(n)))) {
    throw new Error(`${value} cannot be written as a JSON number without changing its digits`);
  }
  return n;
}

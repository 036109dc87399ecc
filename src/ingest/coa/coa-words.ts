import type { CoaLayout } from './coa-layout.schema';

/** Case- and space-insensitive form used to compare printed words with a descriptor's vocabulary. */
export function fold(text: string): string {
  const folded = text.trim().toLowerCase();
  // Most printed text is spaced with single spaces already; every cell is folded, often for several layouts.
  return IRREGULAR_SPACE.test(folded) ? folded.replace(/\s+/g, ' ') : folded;
}

const IRREGULAR_SPACE = /\s\s|[^\S ]/;

/** Folded forms of each vocabulary list, by list: the lists come from layouts and never change. */
const foldedLists = new WeakMap<readonly string[], ReadonlySet<string>>();

export function inList(text: string, list: readonly string[]): boolean {
  let folded = foldedLists.get(list);
  if (!folded) {
    folded = new Set(list.map(fold));
    foldedLists.set(list, folded);
  }
  return folded.has(fold(text));
}

/** A printed number, possibly signed or bounded ("<0.7", ">ULOQ" is a word), with an optional unit. */
const NUMBER = /^(?:[<>≤≥]\s*)?[-+]?(?:\d[\d,]*(?:\.\d+)?|\.\d+)/;

/** The vocabulary of one layout, compiled once. */
export class LayoutWords {
  constructor(private readonly layout: CoaLayout) {}

  isStatus(text: string): boolean {
    return inList(text, this.layout.statusWords);
  }

  isUnit(text: string): boolean {
    const t = text.trim().replace(/^\((.*)\)$/, '$1');
    return inList(t, this.layout.unitWords);
  }

  /** The text is one unit ("(weight %)") or every whitespace-separated token is one ("µg/g µg/g", "(%)"). */
  isUnitRow(text: string): boolean {
    return this.isUnit(text) || text.split(/\s+/).every((t) => this.isUnit(t));
  }

  /** A number (with or without unit) or a result word such as "ND" or "Absence". */
  isValue(text: string): boolean {
    const t = text.trim();
    if (inList(t, this.layout.valueWords)) return true;
    const number = NUMBER.exec(t);
    if (!number) return false;
    const rest = t.slice(number[0].length).trim();
    return rest === '' || this.isUnit(rest);
  }

  /** Splits a printed value from the unit written after it: "24.14%" → %, "0.43 aw" → aw. */
  unitOf(text: string): string | undefined {
    const number = NUMBER.exec(text.trim());
    if (!number) return undefined;
    const rest = text.trim().slice(number[0].length).trim();
    return rest !== '' && this.isUnit(rest) ? rest : undefined;
  }
}

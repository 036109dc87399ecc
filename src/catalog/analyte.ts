import type { PanelKey } from './panel';
import type { CanonicalUnit } from './unit';

export interface Analyte {
  /** Canonical key: lowercase ASCII snake_case, Greek letters spelled out (analyte-keys.md). */
  key: string;
  /** Display name. */
  name: string;
  panel: PanelKey;
  /** Unit results are stored in. */
  unit: CanonicalUnit;
  cas?: string;
  /** Spellings real certificates and exports use. Matching ignores case, spacing and punctuation. */
  aliases: readonly string[];
  /** Spellings that name this analyte only inside its own panel's section ("B1" under Mycotoxins). */
  panelAliases?: readonly string[];
  /** A total reported beside its constituents (total THC, total aflatoxins…). */
  total?: boolean;
  /** Constituents this analyte is the sum of (totals; "Butanes" = n-butane + isobutane…). */
  summedFrom?: readonly string[];
  /** Factors of constituents that do not count 1:1 (decarboxylation: THCA × 0.877). */
  factors?: Readonly<Record<string, string>>;
}

/** Shorthand for the data files: one panel, one unit, many analytes. */
export function analyteFactory(panel: PanelKey, unit: CanonicalUnit) {
  return (
    key: string,
    name: string,
    cas: string | undefined,
    aliases: readonly string[] = [],
    extra: Partial<Analyte> = {},
  ): Analyte => ({
    key,
    name,
    panel,
    unit,
    ...(cas ? { cas } : {}),
    aliases,
    ...extra,
  });
}

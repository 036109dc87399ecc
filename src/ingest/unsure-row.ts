import {
  CANONICAL_UNITS,
  PANEL_UNITS,
  parsePanel,
  parseQualifier,
  parseUnit,
  resolveAnalyte,
  type CanonicalUnit,
  type NormalizedResult,
  type PanelKey,
} from '../catalog';
import { type IncomingResult, UNLISTED_PREFIX } from '../results/incoming-result';
import type { Provenance, RawResultRow } from './parsed-batch';

/**
 * A certificate row the catalog could not read fully (no unit, an unknown name, a value or unit it cannot
 * parse) is kept rather than refusing the certificate: as an unsure result with its printed text and
 * provenance, for a person to confirm, correct or drop. Nothing is guessed: the value stays empty unless the
 * printed text is a qualifier, and the set cannot be submitted while the row is unsure.
 */

export function unsureResult(row: RawResultRow, why: string): IncomingResult {
  const resolved = resolveAnalyte(row.analyteKey ?? row.name, { panelHint: row.panelHint });
  const hinted = row.panelHint ? parsePanel(row.panelHint) : null;
  const panel: PanelKey = resolved.ok ? resolved.analyte.panel : (hinted ?? 'other');
  const qualifier = parseQualifier(row.valueText);
  const result: NormalizedResult = {
    panel,
    analyte: resolved.ok ? resolved.analyte.key : unlistedKey(row.name),
    name: row.name.trim(),
    value: null,
    qualifier,
    unit: resolved.ok ? resolved.analyte.unit : unitFor(panel, row.unitText),
    reportedValue: row.extra?.printedValue ?? row.valueText,
    reportedUnit: row.unitText ?? '',
    loq: null,
    limit: null,
    limitText: row.limitText?.trim() || null,
  };
  return { ...result, provenance: row.provenance, unsure: why };
}

/** The key an unlisted name is stored under: stable for the same printed name, never a catalog key. */
function unlistedKey(name: string): string {
  const slug = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 80 - UNLISTED_PREFIX.length);
  return `${UNLISTED_PREFIX}${slug || 'unnamed'}`;
}

/** The stored unit of an unlisted row: its printed unit when that is a canonical one, else its panel's. */
function unitFor(panel: PanelKey, printed: string | undefined): CanonicalUnit {
  const unit = printed ? parseUnit(printed) : null;
  if (unit && isCanonical(unit)) return unit;
  return panel === 'other' ? '%' : PANEL_UNITS[panel];
}

function isCanonical(unit: string): unit is CanonicalUnit {
  return (CANONICAL_UNITS as readonly string[]).includes(unit);
}

/** Marks a provenance with what the reader supplied that the page does not print. */
export function withNote(p: Provenance, note: string): Provenance {
  if (p.kind !== 'text') return p;
  return { ...p, note: p.note ? `${p.note}; ${note}` : note };
}

export const UNIT_FROM_LAYOUT = 'unit from the layout, not printed';

import type { NormalizedResult, PanelKey, CanonicalUnit, Qualifier } from '../catalog';
import type { Provenance } from '../files/provenance';
import type { Result } from './result.entity';

/** A result as the catalog and limits see it (no ORM types). */
export function toNormalized(r: Result): NormalizedResult {
  return {
    panel: r.panel as PanelKey,
    analyte: r.analyte,
    name: r.name,
    value: r.value,
    qualifier: r.qualifier as Qualifier | null,
    unit: r.unit as CanonicalUnit,
    reportedValue: r.reportedValue,
    reportedUnit: r.reportedUnit,
    loq: r.loq,
    limit: r.limit,
    limitText: r.limitText,
    ...(r.derived ? { derived: true } : {}),
  };
}

export interface ResultView {
  id: string;
  panel: string;
  analyte: string;
  name: string;
  value: number | null;
  /** The value exactly as stored (decimal text, reported precision kept). */
  valueText: string | null;
  qualifier: string | null;
  unit: string;
  reportedValue: string;
  reportedUnit: string;
  loq: string | null;
  limit: string | null;
  limitText: string | null;
  status: string;
  appliedLimit: Record<string, unknown> | null;
  derived: boolean;
  conflict: Record<string, unknown> | null;
  unsure: string | null;
  confirmedBy: string | null;
  provenance: Provenance;
}

export const toResultView = (r: Result): ResultView => ({
  id: r.id,
  panel: r.panel,
  analyte: r.analyte,
  name: r.name,
  value: r.value === null ? null : Number(r.value),
  valueText: r.value,
  qualifier: r.qualifier,
  unit: r.unit,
  reportedValue: r.reportedValue,
  reportedUnit: r.reportedUnit,
  loq: r.loq,
  limit: r.limit,
  limitText: r.limitText,
  status: r.status,
  appliedLimit: r.appliedLimit,
  derived: r.derived,
  conflict: r.conflict,
  unsure: r.unsure,
  confirmedBy: r.confirmedBy,
  provenance: r.provenance,
});

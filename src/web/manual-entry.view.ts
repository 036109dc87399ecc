import { ANALYTES, PRODUCT_TYPES, QUALIFIERS, ROUTES } from '../catalog';
import { humanize } from './format';

export interface ManualEntryFormView {
  title: string;
  productTypes: Array<{ value: string; label: string }>;
  routes: Array<{ value: string; label: string }>;
  qualifiers: readonly string[];
  analyteNames: string[];
  units: readonly string[];
  rows: number;
  today: string;
  /** Permitted testing labs: picking one fills the lab's name and permit. */
  labs: Array<{ name: string; permit: string }>;
}

const UNITS = ['%', 'mg/g', 'ug/g', 'mg/kg', 'ug/kg', 'ppm', 'ppb', 'CFU/g', 'aw', 'mg/serving', 'mg/package'] as const;

export function toManualEntryFormView(today: string, labs: Array<{ name: string; permit: string }> = []): ManualEntryFormView {
  return {
    title: 'Manual entry (non-integrated source)',
    productTypes: PRODUCT_TYPES.map((p) => ({ value: p, label: humanize(p) })),
    routes: ROUTES.map((r) => ({ value: r, label: humanize(r) })),
    qualifiers: QUALIFIERS,
    analyteNames: ANALYTES.map((a) => a.name),
    units: UNITS,
    rows: 8,
    today,
    labs,
  };
}

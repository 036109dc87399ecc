import type { PanelKey, ProductType, Route, TypeOfUse } from '../catalog';
import type { AppliesTo, LimitEntry, LimitTable } from './limit-table.schemas';

export interface ProductScope {
  productType: ProductType;
  route: Route;
  typeOfUse: TypeOfUse;
}

export function appliesTo(scope: AppliesTo | undefined, product: ProductScope): boolean {
  return (
    (!scope?.productTypes || scope.productTypes.includes(product.productType)) &&
    (!scope?.routes || scope.routes.includes(product.route)) &&
    (!scope?.typesOfUse || scope.typesOfUse.includes(product.typeOfUse))
  );
}

/**
 * The entry that governs an analyte for a product: its own entry if one applies, otherwise the
 * panel's default entry if one applies, otherwise none. The schema guarantees at most one of each.
 */
export function findLimitEntry(
  table: LimitTable,
  analyte: string,
  panel: PanelKey,
  product: ProductScope,
): LimitEntry | undefined {
  const index = indexOf(table);
  return (
    index.byAnalyte.get(analyte)?.find((e) => appliesTo(e.appliesTo, product)) ??
    index.panelDefaults.get(panel)?.find((e) => appliesTo(e.appliesTo, product))
  );
}

/** True when the table has a known limit (an analyte's own or the panel's default) on `panel` for the product. */
export function panelHasLimit(table: LimitTable, panel: PanelKey, product: ProductScope): boolean {
  return (
    indexOf(table)
      .byPanel.get(panel)
      ?.some((e) => !e.limitUnknown && appliesTo(e.appliesTo, product)) ?? false
  );
}

/** A table's entries grouped for lookup, each group in table order; a large import looks limits up per result. */
interface TableIndex {
  byAnalyte: Map<string, LimitEntry[]>;
  panelDefaults: Map<PanelKey, LimitEntry[]>;
  byPanel: Map<PanelKey, LimitEntry[]>;
}

/** Limit tables are read-only once loaded, so an index is built once per table. */
const indexes = new WeakMap<LimitTable, TableIndex>();

function indexOf(table: LimitTable): TableIndex {
  let index = indexes.get(table);
  if (index) return index;
  index = { byAnalyte: new Map(), panelDefaults: new Map(), byPanel: new Map() };
  const add = <K>(map: Map<K, LimitEntry[]>, key: K, entry: LimitEntry) => map.set(key, [...(map.get(key) ?? []), entry]);
  for (const entry of table.limits) {
    if (entry.analyte === undefined) add(index.panelDefaults, entry.panel, entry);
    else add(index.byAnalyte, entry.analyte, entry);
    add(index.byPanel, entry.panel, entry);
  }
  indexes.set(table, index);
  return index;
}

/** Panels a product must have results for before the sample can get a verdict. */
export function requiredPanelsFor(table: LimitTable, productType: ProductType): PanelKey[] {
  return [...(table.requiredPanels.find((r) => r.productTypes.includes(productType))?.panels ?? [])];
}

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
export function findLimitEntry(table: LimitTable, analyte: string, panel: PanelKey, product: ProductScope): LimitEntry | undefined {
  return (
    table.limits.find((e) => e.analyte === analyte && appliesTo(e.appliesTo, product)) ??
    table.limits.find((e) => e.analyte === undefined && e.panel === panel && appliesTo(e.appliesTo, product))
  );
}

/** Panels a product must have results for before the sample can get a verdict. */
export function requiredPanelsFor(table: LimitTable, productType: ProductType): PanelKey[] {
  return [...(table.requiredPanels.find((r) => r.productTypes.includes(productType))?.panels ?? [])];
}

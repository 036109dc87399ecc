export { PANELS, isPanelKey, parsePanel, type PanelKey } from './panel';
export {
  CANONICAL_UNITS,
  PANEL_UNITS,
  UNITS,
  UnitConversionError,
  canConvert,
  convertValue,
  isUnit,
  parseUnit,
  unitDimension,
  type CanonicalUnit,
  type Unit,
  type UnitDimension,
} from './unit';
export {
  Dec,
  compareDecimals,
  decimalPlaces,
  decimalToJsonNumber,
  formatDec,
  formatExact,
  isDecimalString,
  parseDecimal,
  roundDecimal,
  shiftDecimal,
  toDec,
} from './decimal';
export { NON_DETECTS, QUALIFIERS, isQualifier, parseQualifier, type Qualifier } from './qualifier';
export type { Analyte } from './analyte';
export { ANALYTES, analytesInPanel, getAnalyte } from './analyte-catalog';
export { compactName, isInternalStandard } from './analyte-name';
export {
  memoizedResolver,
  resolveAnalyte,
  suggestAnalytes,
  type AnalyteCandidate,
  type AnalyteResolver,
  type ResolveAnalyteOptions,
  type ResolveAnalyteResult,
} from './resolve-analyte';
export {
  normalizeResult,
  type NormalizeProblem,
  type NormalizeResultOutcome,
  type NormalizedResult,
  type RawResultInput,
} from './normalize-result';
export { compareTotal, computeTotal, computeTotals, type TotalComparison, type TotalComputation, type TotalTerm } from './totals';
export {
  PRODUCT_TYPES,
  ROUTES,
  TYPES_OF_USE,
  defaultRoute,
  isProductType,
  productTypeFromMatrix,
  typeOfUseFromText,
  type ProductType,
  type Route,
  type TypeOfUse,
} from './product-type';

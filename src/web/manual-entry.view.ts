import { ANALYTES, PRODUCT_TYPES, QUALIFIERS, ROUTES } from '../catalog';
import { humanize } from './format';

/** One results row as typed. */
export interface ManualEntryRowValues {
  analyte: string;
  value: string;
  qualifier: string;
  unit: string;
  loq: string;
  limit: string;
}

/** The form as it was posted (or filled from a certificate), shown again so nothing typed is lost. */
export interface ManualEntryFormValues {
  uid?: string;
  clientLicense?: string;
  productType?: string;
  route?: string;
  productName?: string;
  batch?: string;
  supplierLicense?: string;
  supplierUid?: string;
  labName?: string;
  labLicense?: string;
  certificateNumber?: string;
  certificateDate?: string;
  /** A certificate read and stored earlier, attached without choosing it again. */
  certificateSha256?: string;
  certificateName?: string;
  results: ManualEntryRowValues[];
}

export interface ManualEntryFormView {
  title: string;
  productTypes: Array<{ value: string; label: string }>;
  routes: Array<{ value: string; label: string }>;
  qualifiers: readonly string[];
  analyteNames: string[];
  units: readonly string[];
  values: Omit<ManualEntryFormValues, 'results'>;
  rows: ManualEntryRowValues[];
  today: string;
  /** Permitted testing labs: picking one fills the lab's name and permit. */
  labs: Array<{ name: string; permit: string }>;
}

const UNITS = ['%', 'mg/g', 'ug/g', 'mg/kg', 'ug/kg', 'ppm', 'ppb', 'CFU/g', 'aw', 'mg/serving', 'mg/package'] as const;
/** Rows always shown; a posted form with more keeps them all. */
const MIN_ROWS = 8;
const BLANK_ROW: ManualEntryRowValues = { analyte: '', value: '', qualifier: '', unit: '', loq: '', limit: '' };

export function toManualEntryFormView(
  today: string,
  labs: Array<{ name: string; permit: string }> = [],
  posted: Partial<ManualEntryFormValues> = {},
): ManualEntryFormView {
  const { results = [], ...values } = posted;
  const rows = [...results];
  while (rows.length < MIN_ROWS) rows.push({ ...BLANK_ROW });
  return {
    title: 'Manual entry (non-integrated source)',
    productTypes: PRODUCT_TYPES.map((p) => ({ value: p, label: humanize(p) })),
    routes: ROUTES.map((r) => ({ value: r, label: humanize(r) })),
    qualifiers: QUALIFIERS,
    analyteNames: ANALYTES.map((a) => a.name),
    units: UNITS,
    values: { certificateDate: today, ...values },
    rows,
    today,
    labs,
  };
}

const FIELD_LABELS: Record<string, string> = {
  uid: 'New UID',
  clientLicense: "Receiving licensee's license",
  productType: 'Product type',
  route: 'Route',
  productName: 'Product name',
  batch: 'Batch',
  supplierLicense: "Supplier's license",
  supplierUid: 'Supplier-side UID',
  'lab.name': 'Testing lab',
  labName: 'Testing lab',
  'lab.license': "Testing lab's license",
  labLicense: "Testing lab's license",
  'certificate.number': 'Certificate number',
  certificateNumber: 'Certificate number',
  'certificate.date': 'Certificate date',
  certificateDate: 'Certificate date',
  certificate: 'Certificate',
  results: 'Results',
};

/**
 * A refusal in the words of the form: "results.1.value: …" becomes "Row 3, value: …" — rows counted from 1 as
 * shown, blank rows included (the entry skips them, so its index counts only the rows with something in them).
 */
export function plainFormMessage(message: string, values: Pick<ManualEntryFormValues, 'results'>): string {
  const m = /^([A-Za-z.]+?|results\.(\d+)(?:\.([a-z]+))?):\s*(.*)$/s.exec(message);
  if (!m) return message;
  const [, field, index, part, problem] = m;
  if (index !== undefined) {
    const filled = values.results
      .map((r, i) => ({ r, i }))
      .filter(({ r }) => r.analyte.trim() !== '' || r.value.trim() !== '' || r.qualifier.trim() !== '');
    const found = filled[Number(index)];
    const where = found === undefined ? `Row ${Number(index) + 1}` : `Row ${found.i + 1}`;
    const typed = found && part ? found.r[part as keyof ManualEntryRowValues] : undefined;
    const what = part ? `, ${part === 'loq' ? 'LOQ' : part}${typed ? ` "${typed}"` : ''}` : '';
    return `${where}${what}: ${problem}`;
  }
  const label = FIELD_LABELS[field];
  return label ? `${label}: ${problem}` : message;
}

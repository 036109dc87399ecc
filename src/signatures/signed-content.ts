import { createHash } from 'node:crypto';

/** One result as it is signed: what a certificate and the state system would carry for it. */
export interface SignedResult {
  panel: string;
  analyte: string;
  name: string;
  value: string | null;
  qualifier: string | null;
  unit: string;
  reportedValue: string;
  reportedUnit: string;
  loq: string | null;
  limit: string | null;
  limitText: string | null;
  /** The result's verdict: pass, fail, report_only, not_tested. */
  status: string;
  derived: boolean;
}

/** What a signature covers: one version of a sample's results, with the facts printed beside them. */
export interface SignedContent {
  resultSetId: string;
  version: number;
  origin: string;
  verdict: string | null;
  amendmentReason: string | null;
  sample: {
    labSampleId: string;
    uid: string | null;
    productType: string;
    productName: string | null;
    batch: string | null;
    clientLicense: string;
  };
  /** A deliberately partial release: the override's reason and the panels it covers. */
  partial: { reason: string; missingPanels: string[] } | null;
  results: SignedResult[];
}

/**
 * JSON with object keys sorted (by UTF-16 code unit) at every depth and no whitespace, so the same content hashes the
 * same whatever order the database returned it in. Only plain JSON is accepted: a number that JSON cannot hold
 * exactly (NaN, Infinity) or a value that is not JSON (undefined in an array, a Date, a function) is an error, never
 * silently turned into something else. `-0` is written `0`, as JSON.stringify does.
 */
export function canonicalize(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new Error(`cannot sign the number ${value}`);
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map(canonicalize).join(',')}]`;
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) throw new Error('cannot sign a value that is not plain JSON');
      const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalize(v)}`).join(',')}}`;
    }
    default:
      throw new Error(`cannot sign a value of type ${typeof value}`);
  }
}

/** Results in a stable order: by panel, analyte, then measured before derived. */
const byPosition = (a: SignedResult, b: SignedResult): number =>
  cmp(a.panel, b.panel) || cmp(a.analyte, b.analyte) || Number(a.derived) - Number(b.derived);

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The content in its canonical form: results in a stable order, every field present (null when empty). */
export function canonicalContent(content: SignedContent): string {
  const results = content.results
    .map((r): SignedResult => ({
      panel: r.panel,
      analyte: r.analyte,
      name: r.name,
      value: r.value,
      qualifier: r.qualifier,
      unit: r.unit,
      reportedValue: r.reportedValue,
      reportedUnit: r.reportedUnit,
      loq: r.loq,
      limit: r.limit,
      limitText: r.limitText,
      status: r.status,
      derived: r.derived,
    }))
    .sort(byPosition);
  return canonicalize({
    resultSetId: content.resultSetId,
    version: content.version,
    origin: content.origin,
    verdict: content.verdict,
    amendmentReason: content.amendmentReason,
    sample: { ...content.sample },
    partial: content.partial
      ? { reason: content.partial.reason, missingPanels: [...content.partial.missingPanels].sort() }
      : null,
    results,
  });
}

/** sha256 (hex) of the canonical content: what a signature records and the audit verification recomputes. */
export function contentHash(content: SignedContent): string {
  return createHash('sha256').update(canonicalContent(content), 'utf8').digest('hex');
}

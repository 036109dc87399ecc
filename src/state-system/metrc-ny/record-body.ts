import { decimalToJsonNumber, isQualifier, type Qualifier } from '../../catalog';
import type { SubmissionPayload } from '../../outbox/submission-payload';
import type { MetrcMapping } from './mapping.schemas';

/** One row of `Results` in POST /labtests/v2/record. */
export interface MetrcResultRow {
  LabTestTypeName: string;
  Quantity: number;
  Passed: boolean;
  Notes: string;
}

export interface PlannedRecord {
  rows: MetrcResultRow[];
  /** Results deliberately not sent (NT and the like), and why. */
  omitted: Array<{ analyte: string; reason: string }>;
}

/** Results the mapping cannot write honestly: the submission stops with these reasons for a manager to read. */
export class UnmappableForMetrc extends Error {
  constructor(readonly reasons: string[]) {
    super(`cannot be written to Metrc: ${reasons.join('; ')}`);
  }
}

/**
 * Our frozen result set → the `Results` of one Metrc record call, by the mapping file's rules. Pure, so a replayed
 * submission sends the same rows. `Passed` is our own evaluation's verdict (pass, or report-only with no limit), never
 * a default; `known` (Metrc's type names, when checked) makes a name Metrc does not have a reason to stop.
 */
export function planRecord(payload: SubmissionPayload, mapping: MetrcMapping, known: ReadonlySet<string> | null): PlannedRecord {
  const matrix = mapping.matrices[payload.sample.productType as keyof MetrcMapping['matrices']] ?? mapping.matrices['*'] ?? '';
  const rows: MetrcResultRow[] = [];
  const omitted: PlannedRecord['omitted'] = [];
  const problems: string[] = [];
  for (const r of payload.results) {
    if (r.status === 'not_tested') {
      omitted.push({ analyte: r.analyte, reason: 'not tested' });
      continue;
    }
    const row =
      mapping.types.find((t) => t.analyte === r.analyte && t.matrix === payload.sample.productType) ??
      mapping.types.find((t) => t.analyte === r.analyte && t.matrix === '*');
    if (!row) {
      problems.push(`${r.analyte}: no Metrc lab test type in the mapping (templates/state-system/metrc-ny-mapping.json)`);
      continue;
    }
    const typeName = row.typeName.replace('{matrix}', matrix);
    if (known && !known.has(typeName)) {
      problems.push(`${r.analyte}: Metrc has no lab test type "${typeName}"`);
      continue;
    }
    const factor = row.units[r.unit];
    if (factor === undefined) {
      problems.push(
        `${r.analyte}: unit "${r.unit}" has no factor to "${typeName}" (mapping units: ${Object.keys(row.units).join(', ') || 'none'})`,
      );
      continue;
    }
    const passed = r.status === 'pass' || r.status === 'report_only' ? true : r.status === 'fail' ? false : null;
    if (passed === null) {
      problems.push(`${r.analyte}: no pass/fail verdict (status ${r.status})`);
      continue;
    }
    if (r.qualifier !== null && isQualifier(r.qualifier)) {
      const encoded = encodeQualifier(r.qualifier, r, factor, mapping, passed);
      if ('omit' in encoded) omitted.push({ analyte: r.analyte, reason: encoded.omit });
      else if ('block' in encoded) problems.push(`${r.analyte}: ${encoded.block}`);
      else rows.push({ LabTestTypeName: typeName, ...encoded });
      continue;
    }
    const value = r.value === null ? null : Number(r.value);
    if (value === null || !Number.isFinite(value)) {
      problems.push(`${r.analyte}: no number to send (value ${r.value ?? 'empty'})`);
      continue;
    }
    rows.push({ LabTestTypeName: typeName, Quantity: scaled(r.value as string, factor), Passed: passed, Notes: '' });
  }
  if (problems.length > 0) throw new UnmappableForMetrc(problems);
  return { rows, omitted };
}

type Encoded = Omit<MetrcResultRow, 'LabTestTypeName'> | { omit: string } | { block: string };

function encodeQualifier(
  q: Qualifier,
  r: SubmissionPayload['results'][number],
  factor: number,
  mapping: MetrcMapping,
  passed: boolean,
): Encoded {
  const how = mapping.qualifiers[q] ?? 'block';
  switch (how) {
    case 'zero_with_note':
      return { Quantity: 0, Passed: passed, Notes: q };
    case 'zero_with_loq_note':
      return { Quantity: 0, Passed: passed, Notes: r.loq !== null ? `${q} (LOQ ${r.loq} ${r.unit})` : q };
    case 'bound_with_note':
      return r.value !== null && Number.isFinite(Number(r.value))
        ? { Quantity: scaled(r.value, factor), Passed: passed, Notes: q }
        : { block: `${q} without the bound it was measured against` };
    case 'zero_passed':
      return { Quantity: 0, Passed: true, Notes: q };
    case 'detected':
      return { Quantity: 0, Passed: false, Notes: 'Detected' };
    case 'omit':
      return { omit: `${q}: not sent (mapping)` };
    case 'block':
      return { block: `${q} cannot be written to Metrc; enter this result in Metrc by hand` };
  }
}

/** value × factor without binary noise (0.231 × 10 = 2.31, not 2.3100000000000005). */
function scaled(value: string, factor: number): number {
  const n = decimalToJsonNumber(value) * factor;
  return Number(n.toPrecision(12));
}

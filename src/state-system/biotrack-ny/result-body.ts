import { decimalToJsonNumber, isPanelKey, isQualifier } from '../../catalog';
import type { BiotrackMapping } from './mapping.schemas';
import type { ResultWriteBody } from './biotrack.schemas';
import type { StateResult } from '../state-system.port';
import type { StateTest } from './biotrack-ny.types';
import type { SubmissionPayload } from '../../outbox/submission-payload';

/**
 * Our neutral submission payload → the body of POST/PUT /v1/lab/sample/{id}/result, by the mapping file's rules.
 * Pure: the same payload, mapping and catalogue always give the same body, so a replayed row sends the same bytes.
 */

/** The state's catalogue by `TestID:TestPanel` → the panel's unit. */
export type CatalogueIndex = ReadonlyMap<string, { unit: string }>;

export function indexCatalogue(tests: readonly StateTest[]): CatalogueIndex {
  return new Map(tests.flatMap((t) => t.panels.map((p) => [`${t.id}:${p.name}`, { unit: p.unit }] as const)));
}

/** Results the mapping cannot express honestly; the submission stops with these reasons. */
export class UnmappableResults extends Error {
  constructor(readonly problems: string[]) {
    super(`cannot be sent as mapped: ${problems.join('; ')}`);
    this.name = 'UnmappableResults';
  }
}

export interface ResultBodyPlan {
  body: ResultWriteBody;
  skipped: Array<{ analyte: string; reason: string }>;
}

interface PlannedResult {
  testId: number;
  entry: Record<string, string | number | boolean>;
}

export function planResultBody(
  payload: SubmissionPayload,
  mapping: BiotrackMapping,
  catalogue: CatalogueIndex | null,
  opts: { externalId: string; kind: 'post' | 'amend' },
): ResultBodyPlan {
  const problems: string[] = [];
  const skipped: ResultBodyPlan['skipped'] = [];
  const planned: PlannedResult[] = [];
  const offline = offlineNote(payload);

  for (const r of payload.results) {
    if (r.status === 'not_tested') {
      skipped.push({ analyte: r.analyte, reason: 'not tested' });
      continue;
    }
    const override = mapping.analytes[r.analyte];
    const testId = override?.testId ?? (isPanelKey(r.panel) ? mapping.tests[r.panel] : undefined);
    if (testId === undefined) {
      problems.push(
        `${r.analyte}: panel ${r.panel} has no TestID in the mapping (tests.${r.panel} or analytes.${r.analyte}.testId)`,
      );
      continue;
    }
    const panelName = override?.panel ?? r.analyte;
    if (catalogue) {
      const known = catalogue.get(`${testId}:${panelName}`);
      if (!known) {
        const reason = `TestPanel "${panelName}" is not in test ${testId} of the state's catalogue`;
        if (mapping.notInCatalogue === 'skip') skipped.push({ analyte: r.analyte, reason });
        else problems.push(`${r.analyte}: ${reason}`);
        continue;
      }
      if (known.unit !== r.unit) {
        problems.push(`${r.analyte}: our unit ${r.unit} differs from the catalogue's ${known.unit} for "${panelName}"`);
        continue;
      }
    }
    const value = testValue(r, mapping);
    if (value.kind === 'skip') {
      skipped.push({ analyte: r.analyte, reason: value.reason });
      continue;
    }
    if (value.kind === 'problem') {
      problems.push(`${r.analyte}: ${value.reason}`);
      continue;
    }
    const note = [value.note, offline].filter((n): n is string => n !== null).join('; ');
    const entry: Record<string, string | number | boolean> = { TestPanel: panelName, TestValue: value.value };
    const pass = testPass(r.status);
    if (pass !== undefined) entry.TestPass = pass;
    if (note !== '') entry[mapping.noteField] = truncate(note, mapping.noteMaxLength);
    planned.push({ testId, entry });
  }

  if (problems.length === 0 && planned.length === 0) {
    problems.push(
      `nothing to send: every result was skipped (${skipped.map((s) => `${s.analyte}: ${s.reason}`).join(', ') || 'no results'})`,
    );
  }
  if (problems.length > 0) throw new UnmappableResults(problems);

  const byTest = new Map<number, PlannedResult['entry'][]>();
  for (const p of planned) byTest.set(p.testId, [...(byTest.get(p.testId) ?? []), p.entry]);
  const body: ResultWriteBody = {
    TestingData: [...byTest.entries()].sort(([a], [b]) => a - b).map(([TestID, TestResult]) => ({ TestID, TestResult })),
    CertOfAnalysisHyperlink: payload.certificateUrl,
    ExternalID: opts.externalId,
  };
  if (opts.kind === 'amend' && payload.resultSet.amendmentReason) body.AmendmentReason = payload.resultSet.amendmentReason;
  return { body, skipped };
}

/**
 * Whether the state already holds what `body` sends: every TestResult present under its TestID with the same
 * value and note. Returns the latest transaction that wrote them.
 */
export function heldBy(
  body: ResultWriteBody,
  held: readonly StateResult[],
  noteField: string,
): { held: boolean; transactionId: string | null } {
  let latest: string | null = null;
  for (const data of body.TestingData) {
    for (const sent of data.TestResult) {
      const match = held.find(
        (h) =>
          h.testId === data.TestID &&
          h.panel === sent.TestPanel &&
          h.value === sent.TestValue &&
          (h.note ?? undefined) === (sent[noteField] as string | undefined),
      );
      if (!match) return { held: false, transactionId: null };
      if (latest === null || Number(match.transactionId) > Number(latest)) latest = match.transactionId;
    }
  }
  return { held: true, transactionId: latest };
}

type PayloadResult = SubmissionPayload['results'][number];
type Value =
  { kind: 'value'; value: number; note: string | null } | { kind: 'skip'; reason: string } | { kind: 'problem'; reason: string };

function testValue(r: PayloadResult, mapping: BiotrackMapping): Value {
  if (r.qualifier === null) {
    if (r.value === null) return { kind: 'problem', reason: 'has neither a value nor a qualifier' };
    return asNumber(r.value, null);
  }
  if (!isQualifier(r.qualifier)) return { kind: 'problem', reason: `unknown qualifier ${r.qualifier}` };
  const rule = mapping.qualifiers[r.qualifier];
  switch (rule) {
    case 'zero_with_note':
      return { kind: 'value', value: 0, note: r.qualifier };
    case 'bound_with_note':
      if (r.loq === null)
        return { kind: 'problem', reason: `${r.qualifier} has no printed bound to send (qualifier rule bound_with_note)` };
      return asNumber(r.loq, r.qualifier);
    case 'omit':
      return { kind: 'skip', reason: `${r.qualifier} is not sent (qualifier rule omit)` };
    case 'refuse':
      return { kind: 'problem', reason: `${r.qualifier} has no number the state system can take (qualifier rule refuse)` };
  }
}

function asNumber(decimal: string, note: string | null): Value {
  try {
    const value = decimalToJsonNumber(decimal);
    if (value < 0) return { kind: 'problem', reason: `negative value ${decimal}` };
    return { kind: 'value', value, note };
  } catch (e) {
    return { kind: 'problem', reason: (e as Error).message };
  }
}

/** Our evaluation decides pass/fail (the state records it as lab-provided); report-only panels send none. */
function testPass(status: string): boolean | undefined {
  if (status === 'pass') return true;
  if (status === 'fail') return false;
  return undefined;
}

/**
 * Results entered by hand from an offline (non-integrated) source say so on every TestResult, the one place the
 * contract lets a lab attach text to a result.
 */
export function offlineNote(payload: SubmissionPayload): string | null {
  if (payload.origin !== 'manual' && payload.offlineSource === null) return null;
  const src = payload.offlineSource ?? {};
  const text = (key: string): string | null => {
    const v = src[key];
    return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
  };
  const details = [
    text('supplierLicense') && `supplier ${text('supplierLicense')}`,
    text('supplierUid') && `supplier UID ${text('supplierUid')}`,
    text('certificateNumber') && `CoA ${text('certificateNumber')}`,
  ].filter((d): d is string => typeof d === 'string');
  return `manual entry from an offline source${details.length ? ` (${details.join(', ')})` : ''}`;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

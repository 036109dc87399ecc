import type { AuditEventView } from '../audit/audit.service';
import { historyInWords } from './review-history.view';

const SHA_RUN = 'a'.repeat(64);
const SHA_COA = 'b'.repeat(64);
let seq = 0;
const event = (action: string, actor: string, after: Record<string, unknown>, before: Record<string, unknown> | null = null) =>
  ({
    sequence: ++seq,
    occurredAt: '2026-12-07T15:04:00.000Z',
    actor,
    action,
    entityType: action.startsWith('submission') ? 'submission' : 'result_set',
    entityId: 'x',
    before,
    after,
    prevHash: '',
    hash: '',
  }) as AuditEventView;

const ctx = {
  fileNames: new Map([
    [SHA_RUN, 'icp-run-0489.xlsx'],
    [SHA_COA, 'partner-coa.pdf'],
  ]),
  analyteNames: new Map([['lead', 'Lead']]),
  labTime: (iso: string) => `lab(${iso.slice(11, 16)})`,
};

describe('history in words', () => {
  it('says which file added which results, what conflicted, how it was resolved and why, and what the state answered', () => {
    const lines = historyInWords(
      [
        event('result_set.created', 'tara.tech', { sample: '2512-0101', version: 1, origin: 'import' }),
        event('result_set.results_added', 'tara.tech', { source: SHA_RUN, added: 4, duplicates: 0, conflicts: [] }),
        event('result_set.results_added', 'tara.tech', { source: SHA_COA, added: 0, duplicates: 3, conflicts: ['lead'] }),
        event('result_set.conflict_resolved', 'tara.tech', {
          analyte: 'lead',
          choice: 0,
          reason: 'the ICP run is the lab’s own measurement',
          value: '0.2',
          qualifier: null,
          unit: 'ug/g',
          reportedValue: '0.20',
          reportedUnit: 'µg/g',
          sha256: SHA_COA,
        }),
        event('result_set.submitted', 'tara.tech', { status: 'in_review' }),
        event('result_set.approved', 'maria.manager', { status: 'approved', deadlineAt: '2026-12-09T15:04:00.000Z' }),
        event('submission.queued', 'maria.manager', { kind: 'post', deadlineAt: '2026-12-09T15:04:00.000Z' }),
        event('submission.retry_scheduled', 'outbox', {
          status: 'retry',
          reason: 'HTTP 503',
          nextAttemptAt: '2026-12-07T15:06:00.000Z',
        }),
        event('submission.accepted', 'outbox', { status: 'accepted', remoteTransactionId: 'TX-77' }),
        event('result_set.frobnicated', 'admin', { status: 'approved' }),
      ],
      ctx,
    );
    expect(lines.map((l) => `${l.actor} ${l.text}${l.quote ? `: “${l.quote}”` : ''}`)).toEqual([
      'tara.tech started version 1 of sample 2512-0101 from an import',
      'tara.tech added 4 result(s) from icp-run-0489.xlsx',
      'tara.tech added 0 result(s) from partner-coa.pdf; 3 already there with the same value; a different value for Lead (a conflict to resolve)',
      'tara.tech resolved the conflict on Lead: took the other source’s reading, 0.20 µg/g from partner-coa.pdf: “the ICP run is the lab’s own measurement”',
      'tara.tech submitted it for review',
      'maria.manager approved and released it; the report to the state system is due by lab(15:04)',
      'maria.manager queued the results for the state system, due by lab(15:04)',
      'outbox could not report it this time; it tries again at lab(15:06): “HTTP 503”',
      'outbox recorded: the state system accepted it, transaction TX-77',
      'admin Frobnicated (Approved)',
    ]);
    expect(lines[0]).toMatchObject({ at: 'lab(15:04)', utc: '2026-12-07 15:04 UTC' });
  });

  it('names a file it has no name for by its hash, and an amendment by its versions', () => {
    const lines = historyInWords(
      [
        event('result_set.results_added', 'tara.tech', { source: 'c'.repeat(64), added: 1, duplicates: 0, conflicts: [] }),
        event('result_set.created', 'maria.manager', {
          version: 2,
          origin: 'amendment',
          amends: { id: 'y', version: 1 },
          reason: 'lead re-run after digestion error',
        }),
      ],
      ctx,
    );
    expect(lines.map((l) => l.text)).toEqual([
      'added 1 result(s) from a file (sha256 cccccccccccc…)',
      'drafted version 2 to amend version 1',
    ]);
    expect(lines[1].quote).toBe('lead re-run after digestion error');
  });
});

import type { SubmissionView } from '../outbox/submission.mapper';
import { toReviewHeader } from './review-header.view';

const submission = (s: Partial<SubmissionView>): SubmissionView =>
  ({
    kind: 'post',
    status: 'pending',
    attempts: 0,
    remoteTransactionId: null,
    lastError: null,
    deadlineAt: '2026-12-09T15:00:00.000Z',
    acceptedAt: null,
    late: false,
    nearLate: false,
    ...s,
  }) as SubmissionView;

const header = (submissions: SubmissionView[]) =>
  toReviewHeader({
    receivedAt: '2026-12-01T14:30:00.000Z',
    collectedAt: null,
    testedOn: '2026-12-03',
    approvedAt: '2026-12-07T15:00:00.000Z',
    submissions,
    stateSystem: 'Metrc NY',
    labTime: (v) => `lab:${v}`,
  });

describe('review header', () => {
  it('gives each date in the lab time zone with UTC for the title, and a date alone as recorded', () => {
    const { dates } = header([submission({ status: 'accepted', acceptedAt: '2026-12-07T15:02:00.000Z' })]);
    expect(dates).toEqual([
      { label: 'Received', text: 'lab:2026-12-01T14:30:00.000Z', utc: '2026-12-01 14:30 UTC' },
      { label: 'Collected', text: '—', utc: '' },
      { label: 'Tested', text: 'lab:2026-12-03', utc: '2026-12-03 (a date, as recorded)' },
      { label: 'Released', text: 'lab:2026-12-07T15:00:00.000Z', utc: '2026-12-07 15:00 UTC' },
      { label: 'Reported to the state', text: 'lab:2026-12-07T15:02:00.000Z', utc: '2026-12-07 15:02 UTC' },
    ]);
  });

  it('says where the state system stands: accepted with its transaction, late, waiting, or needing a person', () => {
    expect(
      header([submission({ status: 'accepted', remoteTransactionId: 'TX-9', acceptedAt: '2026-12-07T15:02:00.000Z' })])
        .stateSystem,
    ).toEqual({
      tone: 'accepted',
      text: 'Metrc NY accepted the results, transaction TX-9',
      detail: 'at lab:2026-12-07T15:02:00.000Z',
    });
    expect(header([submission({ status: 'retry', attempts: 3, late: true, lastError: 'HTTP 503' })]).stateSystem).toEqual({
      tone: 'late',
      text: 'Late: not yet reported to Metrc NY (Waiting to retry, attempt 3)',
      detail: 'due by lab:2026-12-09T15:00:00.000Z; last error: HTTP 503',
    });
    expect(header([submission({ status: 'dead', lastError: 'unknown analyte' })]).stateSystem).toMatchObject({
      tone: 'needs-action',
      text: 'Needs action: Stopped retrying (Metrc NY)',
      detail: 'unknown analyte',
    });
    expect(header([]).stateSystem).toBeNull();
  });
});

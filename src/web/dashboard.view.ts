import type { ImportService } from '../ingest/import.service';
import type { ResultSetSummaryView } from '../results/result-set.mapper';
import type { SampleSyncProgress } from '../samples/sample-sync.service';
import type { SubmissionList } from '../outbox/submission.service';
import { formatDateTime, statusLabel, type LabTime } from './format';
import { syncProgressLine } from './sync-outcome';
import { toQueueCounts, toSubmissionRow, type QueueCounts, type SubmissionRowView } from './submissions.view';

export type RecentImport = Awaited<ReturnType<ImportService['list']>>[number];

export interface DashboardInput {
  resultSetCounts: Record<'draft' | 'in_review' | 'rejected' | 'approved' | 'superseded', number>;
  inReview: ResultSetSummaryView[];
  rejected: ResultSetSummaryView[];
  recentImports: RecentImport[];
  /** Managers only: the outbox, its late and near-late rows, and what is waiting. */
  queue: { list: SubmissionList; late: SubmissionList; near: SubmissionList; open: SubmissionList['submissions'] } | null;
  /** The running or last pull of inbound samples. */
  sync: SampleSyncProgress;
}

export interface DashboardView {
  title: string;
  counts: Array<{ label: string; count: number; href: string; status: string }>;
  queue: { counts: QueueCounts; late: SubmissionRowView[]; near: SubmissionRowView[]; open: SubmissionRowView[] } | null;
  inReview: Array<{
    href: string;
    labSampleId: string;
    version: number;
    verdict: string;
    submittedBy: string | null;
    createdBy: string;
    updatedAt: LabTime;
    conflicts: number;
  }>;
  rejected: Array<{ href: string; labSampleId: string; version: number; reason: string | null }>;
  recentImports: RecentImportRow[];
  sync: ReturnType<typeof syncProgressLine>;
}

const COUNT_ORDER: ReadonlyArray<keyof DashboardInput['resultSetCounts']> = [
  'draft',
  'in_review',
  'rejected',
  'approved',
  'superseded',
];

export function toDashboardView(input: DashboardInput, now: Date): DashboardView {
  const row = (s: ResultSetSummaryView) => ({
    href: `/review/${s.id}`,
    labSampleId: s.sample.labSampleId,
    version: s.version,
    verdict: statusLabel(s.verdict),
    submittedBy: s.submittedBy,
    createdBy: s.createdBy,
    updatedAt: formatDateTime(s.updatedAt),
    conflicts: s.unresolvedConflicts.length,
  });
  return {
    title: 'Dashboard',
    counts: COUNT_ORDER.map((status) => ({
      status,
      label: status === 'rejected' ? 'Rejected, back in draft' : statusLabel(status),
      count: input.resultSetCounts[status],
      href: `/review?status=${status}`,
    })),
    queue: input.queue
      ? {
          counts: toQueueCounts(input.queue.list.summary),
          late: input.queue.late.submissions.map((s) => toSubmissionRow(s, now)),
          near: input.queue.near.submissions.map((s) => toSubmissionRow(s, now)),
          open: input.queue.open.map((s) => toSubmissionRow(s, now)),
        }
      : null,
    inReview: input.inReview.map(row),
    rejected: input.rejected.map((s) => ({
      href: `/review/${s.id}`,
      labSampleId: s.sample.labSampleId,
      version: s.version,
      reason: s.rejectionReason,
    })),
    recentImports: input.recentImports.map(toRecentImportRow),
    sync: syncProgressLine(input.sync),
  };
}

export interface RecentImportRow {
  href: string;
  name: string;
  template: string;
  status: string;
  createdBy: string;
  createdAt: LabTime;
  unmatched: number;
}

/** A line of the recent-imports tables (dashboard and upload page). */
export function toRecentImportRow(i: RecentImport): RecentImportRow {
  return {
    href: `/imports/${i.id}`,
    name: i.sourceFile.name,
    template: i.template,
    status: statusLabel(i.status),
    createdBy: i.createdBy,
    createdAt: formatDateTime(i.createdAt),
    unmatched: i.unmatched,
  };
}

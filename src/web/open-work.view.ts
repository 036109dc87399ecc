import type { OpenUnmatchedItem } from '../ingest/unmatched-queue.service';
import { sampleName } from '../ingest/unmatched-queue.service';
import { formatDateTime, formatDuration, humanize } from './format';

export interface OpenWorkRow {
  importId: string;
  index: number;
  /** The run's name for the sample. */
  name: string;
  reason: string;
  message: string;
  values: number;
  file: string;
  importedBy: string;
  importedAt: string;
  waiting: string;
  /** The import page at the page of unmatched samples that holds this one. */
  attachHref: string;
}

export interface OpenWorkView {
  total: number;
  rows: OpenWorkRow[];
}

/** Unmatched samples nobody attached or discarded, oldest import first, with how long each has waited. */
export function toOpenWorkView(open: { total: number; items: OpenUnmatchedItem[] }, now: Date, perPage = 50): OpenWorkView {
  return {
    total: open.total,
    rows: open.items.map(({ entry, ...i }) => ({
      importId: i.importId,
      index: entry.index,
      name: sampleName(entry),
      reason: humanize(entry.reason),
      message: entry.message,
      values: entry.results.length + entry.pending.length,
      file: i.file,
      importedBy: i.importedBy,
      importedAt: formatDateTime(i.importedAt).text,
      waiting: formatDuration(now.getTime() - Date.parse(i.importedAt)),
      attachHref: `/imports/${i.importId}?from=${entry.index - (entry.index % perPage)}#u${entry.index}-h`,
    })),
  };
}

export interface OpenWorkPageView extends OpenWorkView {
  title: string;
  paging: { first: number; last: number; previous: string | null; next: string | null };
}

export function toOpenWorkPageView(
  open: { total: number; items: OpenUnmatchedItem[] },
  offset: number,
  limit: number,
  now: Date,
): OpenWorkPageView {
  const view = toOpenWorkView(open, now);
  const href = (from: number) => `/open-work?from=${from}`;
  return {
    title: 'Open work',
    ...view,
    paging: {
      first: view.rows.length ? offset + 1 : 0,
      last: offset + view.rows.length,
      previous: offset > 0 ? href(Math.max(0, offset - limit)) : null,
      next: offset + view.rows.length < open.total ? href(offset + limit) : null,
    },
  };
}

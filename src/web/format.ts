/** Display helpers for the view mappers: plain functions of their inputs (the clock is passed in). */

let pageTimeZone = 'America/New_York';

/**
 * The lab's time zone (LAB_TIMEZONE), set once at start-up by the view renderer: every page prints times in it,
 * while the API keeps UTC. Module state rather than a parameter so the many pure view mappers need no new argument.
 */
export function setPageTimeZone(timeZone: string): void {
  pageTimeZone = timeZone;
}

/** An instant as a page shows it: lab-local text, and UTC for the tooltip (`title`) and `<time datetime>`. */
export interface LabTime {
  /** "2026-01-09 09:05 EST" */
  text: string;
  /** "2026-01-09 14:05 UTC" */
  utc: string;
  iso: string;
  toString(): string;
}

/** "2026-01-09 14:05 UTC" from an ISO timestamp (its original text when it is not one). */
export function formatUtc(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(new Date(t).toISOString());
  return m ? `${m[1]} ${m[2]} UTC` : iso;
}

export function labTime(iso: string, timeZone = pageTimeZone): LabTime {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return { text: iso, utc: iso, iso, toString: () => iso };
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    })
      .formatToParts(new Date(t))
      .map((p) => [p.type, p.value]),
  );
  const text = `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute} ${parts.timeZoneName}`;
  const isoUtc = new Date(t).toISOString();
  return { text, utc: formatUtc(isoUtc), iso: isoUtc, toString: () => text };
}

/** "2026-01-09 09:05 EST" (in LAB_TIMEZONE) from an ISO timestamp; a dash for none. */
export function formatDateTime(iso: string | null | undefined, timeZone = pageTimeZone): string {
  if (!iso) return '—';
  return labTime(iso, timeZone).text;
}

/** "3 d 4 h", "5 h 07 min", "12 min", "under a minute". */
export function formatDuration(ms: number): string {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  if (minutes < 1) return 'under a minute';
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) return `${days} d ${hours} h`;
  if (hours > 0) return `${hours} h ${String(mins).padStart(2, '0')} min`;
  return `${mins} min`;
}

/** The 48-hour clock of a submission in words. */
export function deadlineText(deadlineAt: string, acceptedAt: string | null, now: Date): string {
  const deadline = Date.parse(deadlineAt);
  if (acceptedAt) {
    const margin = deadline - Date.parse(acceptedAt);
    return margin >= 0 ? `reported ${formatDuration(margin)} before the deadline` : `reported ${formatDuration(margin)} late`;
  }
  const left = deadline - now.getTime();
  return left >= 0 ? `due in ${formatDuration(left)}` : `late by ${formatDuration(left)}`;
}

/** "water_activity" → "Water activity". */
export function humanize(key: string): string {
  const words = key.replace(/_/g, ' ').trim();
  return words ? words[0].toUpperCase() + words.slice(1) : key;
}

const STATUS_LABELS: Readonly<Record<string, string>> = {
  draft: 'Draft',
  in_review: 'In review',
  approved: 'Approved',
  superseded: 'Superseded',
  rejected: 'Rejected',
  pass: 'Pass',
  fail: 'Fail',
  report_only: 'Reported',
  not_tested: 'Not tested',
  incomplete: 'Incomplete',
  pending: 'Pending',
  sending: 'Sending',
  retry: 'Waiting to retry',
  accepted: 'Accepted',
  dead: 'Gave up',
  awaiting_release: 'Awaiting release',
  manual_correction_required: 'Correct in the state system by hand',
  imported: 'Imported',
};

export const statusLabel = (status: string | null | undefined): string =>
  status ? (STATUS_LABELS[status] ?? humanize(status)) : '—';

const HOUR_MS = 3_600_000;

/**
 * Whole hours between two instants that fall on a weekday (Monday to Friday, UTC): how long a result set has
 * waited in working time, so a Friday evening upload is not two days late on Monday morning.
 */
export function workingHoursBetween(fromIso: string, to: Date): number {
  let t = Date.parse(fromIso);
  const end = to.getTime();
  let hours = 0;
  while (t + HOUR_MS <= end) {
    const day = new Date(t).getUTCDay();
    if (day !== 0 && day !== 6) hours += 1;
    t += HOUR_MS;
  }
  return hours;
}

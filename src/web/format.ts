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
  /** "2026-01-09 09:05 EST"; a dash for no time. */
  text: string;
  /** "2026-01-09 14:05 UTC"; empty for no time. */
  utc: string;
  iso: string;
  /** `<time datetime="…" title="… UTC">…</time>`, escaped: what templates print (`<%~ t.html %>`). */
  html: string;
  toString(): string;
}

const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** "2026-01-09 14:05 UTC" from an ISO timestamp (its original text when it is not one). */
export function formatUtc(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(new Date(t).toISOString());
  return m ? `${m[1]} ${m[2]} UTC` : iso;
}

const plain = (text: string): LabTime => ({ text, utc: '', iso: '', html: escapeHtml(text), toString: () => text });

/** "2026-01-09 09:05 EST" (in LAB_TIMEZONE) with UTC kept beside it; a dash for none. */
export function labTime(iso: string | null | undefined, timeZone = pageTimeZone): LabTime {
  if (!iso) return plain('—');
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return plain(iso);
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
  const utc = formatUtc(isoUtc);
  return {
    text,
    utc,
    iso: isoUtc,
    html: `<time datetime="${escapeHtml(isoUtc)}" title="${escapeHtml(utc)}">${escapeHtml(text)}</time>`,
    toString: () => text,
  };
}

const zoneParts = (t: number, timeZone: string): Record<string, number> =>
  Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(t))
      .filter((p) => p.type !== 'literal')
      .map((p) => [p.type, Number(p.value)]),
  );

/** The lab's calendar day of an instant ("2026-11-30"); a dash for none. */
export function labDay(iso: string | null | undefined, timeZone = pageTimeZone): string {
  if (!iso) return '—';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const p = zoneParts(t, timeZone);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/**
 * A day or wall-clock time typed into a form (`<input type="date">`, `datetime-local`), read in the lab's time
 * zone, as a UTC instant: "2026-11-30" is midnight in the lab, "2026-11-30T09:15" a quarter past nine there.
 */
export function labWallTimeToIso(value: string, timeZone = pageTimeZone): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$/.exec(value);
  if (!m) return null;
  const wall = Date.UTC(+m[1], +m[2] - 1, +m[3], m[4] ? +m[4] : 0, m[5] ? +m[5] : 0);
  const offsetAt = (t: number) => {
    const p = zoneParts(t, timeZone);
    return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(t / 1000) * 1000;
  };
  // The zone's offset at the guessed instant, then again at the corrected one (a daylight-saving change between).
  let t = wall - offsetAt(wall);
  t = wall - offsetAt(t);
  return new Date(t).toISOString();
}

/** The same as `labTime`, for pages: prints as its text in a template literal, as `.html` with the UTC tooltip. */
export function formatDateTime(iso: string | null | undefined, timeZone = pageTimeZone): LabTime {
  return labTime(iso, timeZone);
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
  dead: 'Stopped retrying',
  needs_action: 'Needs action',
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

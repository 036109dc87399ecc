import type { PortalPage } from '../licensee/licensee-portal.service';
import type { LicenseeLookup } from './web-forms.schemas';
import { humanize, labTime, statusLabel } from './format';

export interface LicenseeListRow {
  product: string;
  productType: string;
  batch: string;
  uid: string | null;
  labSampleId: string;
  lab: string;
  released: string;
  /** The same instant in UTC, for the tooltip. */
  releasedUtc: string;
  state: 'released' | 'in_testing';
  stateLabel: string;
  verdict: string | null;
  verdictLabel: string;
  summary: string;
  failedPanels: string[];
  partial: boolean;
  href: string | null;
}

export interface LicenseeListView {
  rows: LicenseeListRow[];
  /** "1–25 of 40", or null when the list is empty. */
  range: string | null;
  previous: string | null;
  next: string | null;
  filtered: boolean;
  states: Array<{ value: string; label: string; selected: boolean }>;
  verdicts: Array<{ value: string; label: string; selected: boolean }>;
}

const PAGE_KEYS = ['q', 'state', 'verdict', 'from', 'to'] as const;

/** The licensee's list page: one row per sample, newest first, with the certificate's summary when released. */
export function toLicenseeListView(page: PortalPage, query: LicenseeLookup, timeZone: string): LicenseeListView {
  const rows = page.rows.map((r): LicenseeListRow => {
    const rel = r.release;
    return {
      product: r.productName ?? '—',
      productType: humanize(r.productType),
      batch: r.batch ?? '—',
      uid: r.uid,
      labSampleId: r.labSampleId,
      lab: r.lab,
      released: labTime(rel?.releasedAt, timeZone).text,
      releasedUtc: labTime(rel?.releasedAt, timeZone).utc,
      state: r.state,
      stateLabel: r.state === 'released' ? `Released (version ${rel?.version})` : 'In testing',
      verdict: rel?.verdict ?? null,
      verdictLabel: rel ? statusLabel(rel.verdict) : '—',
      summary: rel
        ? rel.totals.map((t) => `${t.name} ${t.value ?? t.qualifier ?? '—'}${t.value ? ` ${t.unit}` : ''}`).join(' · ') || '—'
        : '—',
      failedPanels: rel ? rel.panels.filter((p) => p.status === 'fail').map((p) => humanize(p.panel)) : [],
      partial: rel?.partial ?? false,
      href: r.uid && rel ? `/licensee?uid=${encodeURIComponent(r.uid)}` : null,
    };
  });
  const first = page.offset + 1;
  const last = page.offset + rows.length;
  const link = (offset: number) => {
    const params = new URLSearchParams();
    for (const k of PAGE_KEYS) if (query[k]) params.set(k, String(query[k]));
    if (offset > 0) params.set('offset', String(offset));
    const s = params.toString();
    return `/licensee${s ? `?${s}` : ''}`;
  };
  return {
    rows,
    range: rows.length ? `${first}–${last} of ${page.total}` : null,
    previous: page.offset > 0 ? link(Math.max(0, page.offset - page.limit)) : null,
    next: last < page.total ? link(last) : null,
    filtered: PAGE_KEYS.some((k) => !!query[k]),
    states: [
      { value: 'released', label: 'Released' },
      { value: 'in_testing', label: 'In testing' },
    ].map((o) => ({ ...o, selected: query.state === o.value })),
    verdicts: [
      { value: 'pass', label: 'Pass' },
      { value: 'fail', label: 'Fail' },
      { value: 'incomplete', label: 'Incomplete' },
    ].map((o) => ({ ...o, selected: query.verdict === o.value })),
  };
}

import { PRODUCT_TYPES, ROUTES } from '../catalog';
import type { ClientView } from '../samples/sample.mapper';
import { SAMPLE_STATUSES, type SampleStatus } from '../samples/sample.schemas';
import type { SampleDetail, SampleListRow } from '../samples/sample.service';
import { labDay, formatDateTime, formatDuration, humanize, statusLabel, type LabTime } from './format';
import { PAGE_SIZE, type SamplesQuery } from './sample-forms.schemas';

export const SAMPLE_STATUS_LABELS: Record<SampleStatus, string> = {
  waiting: 'Waiting for results',
  in_review: 'In review',
  released: 'Released',
  needs_action: 'Needs action',
};

const HOUR_MS = 3_600_000;

export interface Option {
  value: string;
  label: string;
  selected: boolean;
}

export interface SampleRowView {
  href: string;
  labSampleId: string;
  uid: string | null;
  client: string;
  clientLicense: string;
  productName: string;
  batch: string;
  productType: string;
  received: LabTime;
  collected: string;
  tested: string;
  status: SampleStatus;
  statusLabel: string;
  /** "1 d 4 h of 5 d", or how far past the turnaround; blank once released. */
  age: string;
  overdue: boolean;
  resultsHref: string | null;
}

export interface SamplesListView {
  title: string;
  query: SamplesQuery;
  rows: SampleRowView[];
  total: number;
  range: string;
  prevHref: string | null;
  nextHref: string | null;
  clients: Option[];
  productTypes: Option[];
  statuses: Option[];
  origins: Option[];
  turnaround: string;
}

const options = (values: readonly string[], label: (v: string) => string, selected: string | undefined): Option[] =>
  values.map((v) => ({ value: v, label: label(v), selected: v === selected }));

/** The age of a sample against the lab's turnaround, counted from receipt (or registration). */
export function sampleAge(
  row: { receivedAt: string | null; createdAt: string; status: SampleStatus },
  now: Date,
  turnaroundHours: number,
): { age: string; overdue: boolean } {
  if (row.status === 'released') return { age: '', overdue: false };
  const since = Date.parse(row.receivedAt ?? row.createdAt);
  const elapsed = Math.max(0, now.getTime() - since);
  const limit = turnaroundHours * HOUR_MS;
  if (elapsed > limit)
    return { age: `${formatDuration(elapsed - limit)} past the ${formatDuration(limit)} turnaround`, overdue: true };
  return { age: `${formatDuration(elapsed)} of ${formatDuration(limit)}`, overdue: false };
}

const day = (iso: string | null): string => labDay(iso);

export function toSampleRow(s: SampleListRow, now: Date, turnaroundHours: number): SampleRowView {
  return {
    href: `/samples/${s.id}`,
    labSampleId: s.labSampleId,
    uid: s.uid,
    client: s.client.name,
    clientLicense: s.client.licenseNumber,
    productName: s.productName ?? '—',
    batch: s.batch ?? '—',
    productType: humanize(s.productType),
    received: formatDateTime(s.receivedAt),
    collected: day(s.collectedAt),
    tested: day(s.testedAt),
    status: s.status,
    statusLabel: SAMPLE_STATUS_LABELS[s.status],
    ...sampleAge(s, now, turnaroundHours),
    resultsHref: s.current ? `/review/${s.current.id}` : null,
  };
}

/** The query string of the list with `page` set (the filters kept). */
export function pageHref(q: SamplesQuery, page: number): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...q, page: page > 1 ? page : undefined }))
    if (v !== undefined && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `/samples?${s}` : '/samples';
}

export function toSamplesListView(
  input: { total: number; samples: SampleListRow[] },
  q: SamplesQuery,
  clients: ClientView[],
  now: Date,
  turnaroundHours: number,
): SamplesListView {
  const page = q.page ?? 1;
  const first = (page - 1) * PAGE_SIZE;
  return {
    title: 'Samples',
    query: q,
    rows: input.samples.map((s) => toSampleRow(s, now, turnaroundHours)),
    total: input.total,
    range: input.total === 0 ? 'No samples' : `${first + 1}–${first + input.samples.length} of ${input.total}`,
    prevHref: page > 1 ? pageHref(q, page - 1) : null,
    nextHref: first + input.samples.length < input.total ? pageHref(q, page + 1) : null,
    clients: clients.map((c) => ({
      value: c.licenseNumber,
      label: `${c.name} (${c.licenseNumber})`,
      selected: c.licenseNumber === q.clientLicense,
    })),
    productTypes: options(PRODUCT_TYPES, humanize, q.productType),
    statuses: options(SAMPLE_STATUSES, (s) => SAMPLE_STATUS_LABELS[s as SampleStatus], q.status),
    origins: options(
      ['state-system', 'manual', 'lab'],
      (o) => (o === 'state-system' ? 'From the state system' : o === 'manual' ? 'Manual entry' : 'Registered by the lab'),
      q.origin,
    ),
    turnaround: formatDuration(turnaroundHours * HOUR_MS),
  };
}

export interface SampleFormView {
  title: string;
  /** Null on the registration form. */
  sample: {
    id: string;
    labSampleId: string;
    uid: string;
    sourceUid: string;
    batch: string;
    productName: string;
    productType: string;
    route: string;
    client: string;
    origin: string;
    received: LabTime;
    collected: string;
    remediatedLot: boolean;
    prep: { mass: string; volume: string; dilution: string };
    retestOf: { href: string; labSampleId: string } | null;
    retests: Array<{ href: string; labSampleId: string }>;
    resultSets: Array<{ href: string; version: number; status: string; verdict: string; created: LabTime }>;
    stateTransfer: string | null;
  } | null;
  clients: Option[];
  productTypes: Option[];
  routes: Option[];
  /** True when the client list is empty: register a client first. */
  noClients: boolean;
}

export function toSampleFormView(detail: SampleDetail | null, clients: ClientView[], preselectClient?: string): SampleFormView {
  return {
    title: detail ? `Sample ${detail.labSampleId}` : 'Register a sample',
    sample: detail && {
      id: detail.id,
      labSampleId: detail.labSampleId,
      uid: detail.uid ?? '',
      sourceUid: detail.sourceUid ?? '',
      batch: detail.batch ?? '',
      productName: detail.productName ?? '',
      productType: humanize(detail.productType),
      route: humanize(detail.route),
      client: `${detail.client.name} (${detail.client.licenseNumber})`,
      origin:
        detail.origin === 'state-system'
          ? 'From the state system'
          : detail.origin === 'manual'
            ? 'Manual entry'
            : 'Registered by the lab',
      received: formatDateTime(detail.receivedAt),
      collected: detail.collectedAt ? labDay(detail.collectedAt) : '',
      remediatedLot: detail.remediatedLot,
      prep: { mass: detail.prep?.mass ?? '', volume: detail.prep?.volume ?? '', dilution: detail.prep?.dilution ?? '' },
      retestOf: detail.retestOf && { href: `/samples/${detail.retestOf.id}`, labSampleId: detail.retestOf.labSampleId },
      retests: detail.retests.map((r) => ({ href: `/samples/${r.id}`, labSampleId: r.labSampleId })),
      resultSets: detail.resultSets.map((rs) => ({
        href: `/review/${rs.id}`,
        version: rs.version,
        status: statusLabel(rs.status),
        verdict: statusLabel(rs.verdict),
        created: formatDateTime(rs.createdAt),
      })),
      stateTransfer: detail.stateTransferId
        ? `transfer ${detail.stateTransferId}${detail.stateManifestId ? `, manifest ${detail.stateManifestId}` : ''}`
        : null,
    },
    clients: clients.map((c) => ({
      value: c.licenseNumber,
      label: `${c.name} (${c.licenseNumber})`,
      selected: c.licenseNumber === preselectClient,
    })),
    productTypes: options(PRODUCT_TYPES, humanize, undefined),
    routes: options(ROUTES, humanize, undefined),
    noClients: clients.length === 0,
  };
}

export interface ClientsView {
  title: string;
  canEdit: boolean;
  clients: Array<{
    id: string;
    name: string;
    licenseNumber: string;
    ubi: string;
    address: string;
    integrated: boolean;
    samplesHref: string;
  }>;
}

export function toClientsView(clients: ClientView[], canEdit: boolean): ClientsView {
  return {
    title: 'Clients',
    canEdit,
    clients: clients.map((c) => ({
      id: c.id,
      name: c.name,
      licenseNumber: c.licenseNumber,
      ubi: c.ubi ?? '',
      address: c.address ?? '',
      integrated: c.integrated,
      samplesHref: `/samples?clientLicense=${encodeURIComponent(c.licenseNumber)}`,
    })),
  };
}

import type { LicenseeResults } from '../licensee/licensee.service';
import { formatDateTime, humanize, statusLabel, type LabTime } from './format';
import { clientLabel } from './review.view';

export interface LicenseeCertificateView {
  labSampleId: string;
  productName: string;
  productType: string;
  batch: string | null;
  client: string;
  version: number;
  status: string;
  verdict: string | null;
  verdictLabel: string;
  approvedAt: LabTime;
  offline: boolean;
  panels: Array<{
    title: string;
    rows: Array<{ name: string; value: string; unit: string; loq: string; limit: string; status: string; statusLabel: string }>;
  }>;
  amendments: Array<{ version: number; status: string; reason: string | null; approvedAt: LabTime }>;
  /** The release's signatures as the certificate prints them (full name, title, meaning, lab time, fingerprint). */
  signatures: Array<{ text: string; at: LabTime; fingerprint: string | null }>;
}

export interface LicenseeView {
  title: string;
  uid: string;
  /** Set when a UID was looked up and nothing may be shown for it. */
  notFound: boolean;
  source: string | null;
  certificates: LicenseeCertificateView[];
  downloads: Array<{ href: string; label: string }>;
}

/** Times are the lab's (`LAB_TIMEZONE`); the UTC instant stays in the API. */
export function toLicenseeView(uid: string | undefined, results: LicenseeResults | null, timeZone?: string): LicenseeView {
  const at = (iso: string | null) => formatDateTime(iso, timeZone);
  const downloads = results
    ? (['pdf', 'csv', 'xlsx', 'json'] as const).map((f) => ({
        href: `/licensee/results/${results.uid}.${f}`,
        label: f.toUpperCase(),
      }))
    : [];
  return {
    title: 'Results lookup',
    uid: uid ?? '',
    notFound: uid !== undefined && results === null,
    source: results ? (results.source === 'lab' ? 'Released by this laboratory' : 'As held by the state system') : null,
    certificates: (results?.certificates ?? []).map((c) => {
      const panels: LicenseeCertificateView['panels'] = [];
      for (const r of c.results) {
        let p = panels.find((x) => x.title === humanize(r.panel));
        if (!p) {
          p = { title: humanize(r.panel), rows: [] };
          panels.push(p);
        }
        p.rows.push({
          name: r.name,
          value: r.value ?? r.qualifier ?? '—',
          unit: r.unit,
          loq: r.loq ?? '',
          limit: r.limit ?? '',
          status: r.status,
          statusLabel: statusLabel(r.status),
        });
      }
      return {
        labSampleId: c.sample.labSampleId,
        productName: c.sample.productName ?? '—',
        productType: humanize(c.sample.productType),
        batch: c.sample.batch,
        client: clientLabel(c.sample.client),
        version: c.resultSet.version,
        status: statusLabel(c.resultSet.status),
        verdict: c.resultSet.verdict,
        verdictLabel: statusLabel(c.resultSet.verdict),
        approvedAt: at(c.resultSet.approvedAt),
        offline: c.offlineSource !== null,
        panels,
        signatures: (c.signatures ?? []).map((sig) => ({
          text: `${sig.step} by ${sig.name}${sig.title ? `, ${sig.title}` : ''}${sig.meaning ? ` — ${sig.meaning}` : ''}`,
          at: at(sig.at),
          fingerprint: sig.fingerprint ? sig.fingerprint.slice(0, 12) : null,
        })),
        amendments: c.amendments.map((a) => ({
          version: a.version,
          status: statusLabel(a.status),
          reason: a.reason,
          approvedAt: at(a.approvedAt),
        })),
      };
    }),
    downloads,
  };
}

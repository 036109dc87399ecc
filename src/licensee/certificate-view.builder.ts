import type { ResultSet } from '../results/result-set.entity';
import type { CertificateView } from './certificate.view';

/** Builds the export view of one result set; `versions` are all result sets of the same sample, oldest first. */
export function buildCertificateView(
  set: ResultSet,
  versions: ResultSet[],
  ctx: { lab: { name: string; license: string }; publicUrl: string },
): CertificateView {
  const s = set.sample;
  const evaluation = (set.evaluation ?? {}) as { panels?: Record<string, string> };
  return {
    lab: ctx.lab,
    sample: {
      labSampleId: s.labSampleId,
      uid: s.uid,
      sourceUid: s.sourceUid,
      productName: s.productName,
      productType: s.productType,
      route: s.route,
      batch: s.batch,
      client: { licenseNumber: s.client.licenseNumber, name: s.client.name },
    },
    resultSet: {
      id: set.id,
      version: set.version,
      status: set.status,
      verdict: set.verdict,
      approvedAt: set.approvedAt?.toISOString() ?? null,
      approvedBy: set.approvedBy,
      origin: set.origin,
      panels: evaluation.panels ?? {},
    },
    offlineSource: (set.meta?.offlineSource as Record<string, unknown> | undefined) ?? null,
    results: set.results
      .getItems()
      .map((r) => ({
        panel: r.panel,
        analyte: r.analyte,
        name: r.name,
        value: r.value,
        qualifier: r.qualifier,
        unit: r.unit,
        reportedValue: r.reportedValue,
        reportedUnit: r.reportedUnit,
        loq: r.loq,
        limit: r.limit,
        status: r.status,
        derived: r.derived,
      }))
      .sort((a, b) => a.panel.localeCompare(b.panel) || Number(a.derived) - Number(b.derived) || a.analyte.localeCompare(b.analyte)),
    amendments: versions
      .filter((v) => v.status === 'approved' || v.status === 'superseded')
      .map((v) => ({ version: v.version, status: v.status, reason: v.amendmentReason, approvedAt: v.approvedAt?.toISOString() ?? null })),
    verificationUrl: `${ctx.publicUrl}/verify/${set.id}`,
    source: 'lab',
  };
}

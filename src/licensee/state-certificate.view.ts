import type { LicenseeView } from '../state-system/state-system.port';
import type { CertificateView } from './certificate.view';

/** What the state system holds for a UID, in the export shape, marked as coming from the state system. */
export function stateCertificateView(
  view: LicenseeView,
  ctx: { lab: { name: string; license: string }; publicUrl: string; license: string },
): CertificateView {
  const sample = view.samples[0];
  return {
    lab: ctx.lab,
    sample: {
      labSampleId: sample ? `STATE-${sample.stateRef}` : '—',
      uid: view.uid,
      sourceUid: sample?.parentUid ?? null,
      productName: null,
      productType: 'other',
      route: '—',
      batch: null,
      client: { licenseNumber: ctx.license, name: ctx.license },
    },
    resultSet: {
      id: `state-${view.uid}`,
      version: 1,
      status: view.qaStatus,
      verdict: view.qaStatus.toLowerCase() === 'passed' ? 'pass' : view.qaStatus.toLowerCase() === 'failed' ? 'fail' : null,
      approvedAt: null,
      approvedBy: null,
      origin: 'state-system',
      panels: {},
    },
    offlineSource: null,
    results: view.samples.flatMap((s) =>
      s.results.map((r) => ({
        panel: `test ${r.testId}`,
        analyte: r.panel,
        name: r.panel,
        value: String(r.value),
        qualifier: r.note,
        unit: '',
        reportedValue: String(r.value),
        reportedUnit: '',
        loq: null,
        limit: null,
        status: r.pass ? 'pass' : 'fail',
        derived: false,
      })),
    ),
    amendments: [],
    verificationUrl: sample?.certificateUrl ?? `${ctx.publicUrl}`,
    source: 'state-system',
  };
}

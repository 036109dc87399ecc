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
      verdict: verdictOf(view.qaStatus),
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

/** BioTrack's QA status (`passed`/`failed`) or Metrc's lab testing state (`TestPassed`, `RetestFailed`, …). */
function verdictOf(qaStatus: string): 'pass' | 'fail' | null {
  const s = qaStatus.toLowerCase();
  if (s === 'passed' || s === 'testpassed' || s === 'retestpassed') return 'pass';
  if (s === 'failed' || s === 'testfailed' || s === 'retestfailed') return 'fail';
  return null;
}

import { analyteName, displayUnit, panelName, panelStatusWords, verdictWords } from './certificate-words';
import type { CertificateView } from './certificate.view';
import { formatLabTime } from './lab-time';
import { signatureLines } from './signature-lines';

/** How much of the content fingerprint the phone page prints: enough to match it against the certificate by eye. */
const FINGERPRINT_SHOWN = 16;

/**
 * A release signature exactly as the certificate prints it (full name and title as signed); nothing more of the person,
 * no username or id.
 */
export interface VerifySignature {
  /** "Approved", "Released in the state system". */
  step: string;
  fullName: string;
  title: string | null;
  /** Null for a version released before e-signatures (none was recorded; nothing is invented). */
  meaning: string | null;
  signedAt: string;
  /** sha256 of the signed version's content; null when none was recorded. */
  contentHash: string | null;
}

/** The certificate's signatures in the verify answer's words. */
export function toVerifySignatures(signatures: CertificateView['signatures']): VerifySignature[] {
  return (signatures ?? []).map((s) => ({
    step: s.step,
    fullName: s.name,
    title: s.title,
    meaning: s.meaning,
    signedAt: s.at,
    contentHash: s.fingerprint,
  }));
}

/** What `/verify/:id` answers as JSON (`Accept: application/json`). */
export interface VerifyAnswer {
  /** True only for the version that stands now: a superseded version is no longer a valid certificate. */
  genuine: boolean;
  /** Issued by this lab (true for every released version, current or superseded). */
  issued: true;
  current: boolean;
  labSampleId: string;
  uid: string | null;
  productName: string | null;
  batch: string | null;
  version: number;
  status: string;
  verdict: string | null;
  approvedAt: string | null;
  /** The version that directly replaced this one, when superseded. */
  supersededBy: number | null;
  /** The version that stands now (this one when current). */
  currentVersion: { id: string; version: number; approvedAt: string | null; verifyUrl: string; pdfUrl: string } | null;
  panels: Record<string, string>;
  totals: Array<{ analyte: string; value: string | null; qualifier: string | null; unit: string }>;
  lab: { name: string; license: string };
  /** Set when the results are another lab's, recorded here from its certificate. */
  reportedBy: { name: string; license: string | null } | null;
  /** Who released this version, as its certificate prints them. */
  signatures: VerifySignature[];
  message: string;
}

/** The phone page's model: the same facts in words, dates in the lab's time zone. */
export interface VerifyPageModel {
  title: string;
  found: boolean;
  current: boolean;
  message: string;
  lab: string;
  reportedBy: string | null;
  facts: Array<{ label: string; value: string }>;
  summary: Array<{ label: string; value: string; fail: boolean }>;
  /** The release signatures in the certificate's words, the fingerprint shortened; null when none is recorded. */
  signatures: { heading: string; note: string | null; lines: Array<{ text: string; fingerprint: string | null }> } | null;
  pdfUrl: string | null;
  pdfLabel: string;
  localWarning: string | null;
}

export function toVerifyPage(a: VerifyAnswer, ctx: { timeZone: string; localWarning: string | null }): VerifyPageModel {
  const facts = [
    ['Product', a.productName],
    ['Batch', a.batch],
    ['State UID', a.uid],
    ['Lab sample ID', a.labSampleId],
    ['Version', `${a.version}${a.current ? ' (current)' : ' (superseded)'}`],
    ['Released', formatLabTime(a.approvedAt, ctx.timeZone)],
  ]
    .filter((f): f is [string, string] => !!f[1])
    .map(([label, value]) => ({ label, value }));
  const summary = [
    { label: 'Overall', value: verdictWords(a.verdict), fail: a.verdict === 'fail' },
    ...a.totals.map((t) => ({
      label: analyteName(t.analyte, t.analyte),
      value: t.value !== null ? `${t.value} ${displayUnit(t.unit)}` : (t.qualifier ?? ''),
      fail: false,
    })),
    ...Object.entries(a.panels).map(([p, s]) => ({ label: panelName(p), value: panelStatusWords(s), fail: s === 'fail' })),
  ];
  return {
    title: a.current ? 'Certificate verified' : 'This certificate was replaced',
    found: true,
    current: a.current,
    message: a.message,
    lab: `${a.lab.name} (permit ${a.lab.license})`,
    reportedBy: a.reportedBy
      ? `Results reported by ${a.reportedBy.name}${a.reportedBy.license ? ` (${a.reportedBy.license})` : ''}, recorded here from its certificate.`
      : null,
    facts,
    summary,
    signatures: signaturesCard(a, ctx.timeZone),
    pdfUrl: a.currentVersion?.pdfUrl ?? null,
    pdfLabel: a.current
      ? 'Open the certificate (PDF)'
      : `Open the current certificate, version ${a.currentVersion?.version ?? ''} (PDF)`,
    localWarning: ctx.localWarning,
  };
}

function signaturesCard(a: VerifyAnswer, timeZone: string): VerifyPageModel['signatures'] {
  if (!a.signatures.length) return null;
  const lines = signatureLines(
    a.signatures.map((s) => ({
      step: s.step,
      meaning: s.meaning,
      name: s.fullName,
      title: s.title,
      at: s.signedAt,
      fingerprint: s.contentHash ? `${s.contentHash.slice(0, FINGERPRINT_SHOWN)}…` : null,
    })),
    timeZone,
  );
  return {
    heading: a.reportedBy ? 'Entered and released by (signatures)' : 'Signatures',
    note: a.current ? null : `Signed when version ${a.version} was released; it has since been superseded.`,
    lines,
  };
}

export function notFoundVerifyPage(localWarning: string | null): VerifyPageModel {
  return {
    title: 'Certificate not found',
    found: false,
    current: false,
    message:
      'No released certificate has this address. Check that the whole link or QR code was read; a certificate that is not listed here was not issued by this lab.',
    lab: '',
    reportedBy: null,
    facts: [],
    summary: [],
    signatures: null,
    pdfUrl: null,
    pdfLabel: '',
    localWarning,
  };
}

import { PANELS } from '../catalog';
import type { Result } from '../results/result.entity';
import type { ResultSet } from '../results/result-set.entity';
import type { Client } from '../samples/client.entity';
import type { Sample } from '../samples/sample.entity';
import type { CertificateView } from './certificate.view';
import { readReleaseRecord } from './release-record';

/** What the user record holds of the person who approved a set released before e-signatures. */
export interface Signer {
  fullName?: string | null;
  title?: string | null;
}

/** An e-signature recorded on a released version (approve, or the release of results held in the state system). */
export interface RecordedSignature {
  action: string;
  username: string;
  fullName: string;
  title: string | null;
  meaning: string;
  signedAt: string;
  contentHash: string;
}

export interface CertificateContext {
  lab: CertificateView['lab'];
  publicUrl: string;
  /** Approvers by username, for sets released before e-signatures; a username missing here still prints, as the username. */
  signers?: Record<string, Signer>;
  /** E-signatures by result-set id, oldest first. */
  signatures?: Record<string, RecordedSignature[]>;
  /** Lab methods by the tag results carry in their provenance ("hplc-potency v3"), as the certificate names them. */
  methods?: Record<string, string>;
}

/** What the builder reads of a result set (a loaded `ResultSet` is one). */
export type CertificateSource = Pick<
  ResultSet,
  'id' | 'version' | 'status' | 'verdict' | 'approvedAt' | 'approvedBy' | 'origin' | 'evaluation' | 'meta'
> & {
  sample: Pick<Sample, 'labSampleId' | 'uid' | 'sourceUid' | 'productName' | 'productType' | 'route' | 'batch' | 'receivedAt'> & {
    client: Pick<Client, 'licenseNumber' | 'name'> & Partial<Pick<Client, 'address'>>;
  };
  results: {
    getItems(): Array<
      Pick<
        Result,
        | 'panel'
        | 'analyte'
        | 'name'
        | 'value'
        | 'qualifier'
        | 'unit'
        | 'reportedValue'
        | 'reportedUnit'
        | 'loq'
        | 'limit'
        | 'limitText'
        | 'status'
        | 'derived'
        | 'appliedLimit'
      > &
        Partial<Pick<Result, 'provenance'>> & {
          sourceFile: object | null;
        }
    >;
  };
};

export type CertificateVersion = Pick<ResultSet, 'version' | 'status' | 'amendmentReason' | 'approvedAt'>;

/** Builds the export view of one result set; `versions` are all result sets of the same sample, oldest first. */
export function buildCertificateView(
  set: CertificateSource,
  versions: CertificateVersion[],
  ctx: CertificateContext,
): CertificateView {
  const s = set.sample;
  const evaluation = (set.evaluation ?? {}) as { panels?: Record<string, string> };
  const printed = certificateMeta(set.meta);
  const offlineSource = (set.meta?.offlineSource as Record<string, unknown> | undefined) ?? null;
  const release = readReleaseRecord(set.meta);
  const results = set.results.getItems();
  return {
    lab: {
      name: ctx.lab.name,
      license: ctx.lab.license,
      address: ctx.lab.address ?? null,
      phone: ctx.lab.phone ?? null,
      email: ctx.lab.email ?? null,
      accreditation: ctx.lab.accreditation ?? { body: null, number: null },
    },
    reportedBy: reportedBy(
      set,
      ctx,
      offlineSource,
      printed,
      results.some((r) => r.sourceFile !== null),
    ),
    certificateNumber: `${s.labSampleId}-V${set.version}`,
    sample: {
      labSampleId: s.labSampleId,
      uid: s.uid,
      sourceUid: s.sourceUid ?? printed.parentLot ?? null,
      productName: s.productName ?? printed.productName ?? null,
      productType: s.productType,
      route: s.route,
      batch: s.batch ?? printed.batch ?? null,
      matrix: printed.matrix ?? null,
      client: {
        licenseNumber: s.client.licenseNumber,
        // A client registered from a license alone carries the license as its name; the certificate may know better.
        name: s.client.name !== s.client.licenseNumber ? s.client.name : (printed.clientName ?? s.client.name),
        address: s.client.address ?? printed.clientAddress ?? null,
      },
    },
    dates: {
      collected: printed.sampleCollected ?? null,
      received: s.receivedAt?.toISOString() ?? printed.sampleReceived ?? null,
      tested: typeof set.meta?.testedOn === 'string' ? set.meta.testedOn : (printed.testedOn ?? null),
      released: set.approvedAt?.toISOString() ?? null,
    },
    resultSet: {
      id: set.id,
      version: set.version,
      status: set.status,
      verdict: set.verdict,
      approvedAt: set.approvedAt?.toISOString() ?? null,
      approvedBy: set.approvedBy,
      origin: set.origin,
      panels: inPanelOrder(evaluation.panels ?? {}),
    },
    signatures: signatures(set, ctx.signatures?.[set.id] ?? [], release?.signatures, ctx.signers ?? {}),
    methods: methodsByPanel(results, ctx.methods ?? {}),
    partialRelease: release?.partial ? { reason: release.partial.reason, missingPanels: release.partial.missingPanels } : null,
    offlineSource,
    results: results
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
        limitText: r.limitText,
        limitApplied: limitApplied(r.limit, r.limitText, r.unit, r.appliedLimit),
        status: r.status,
        derived: r.derived,
      }))
      .sort(
        (a, b) =>
          panelRank(a.panel) - panelRank(b.panel) ||
          a.panel.localeCompare(b.panel) ||
          Number(a.derived) - Number(b.derived) ||
          a.analyte.localeCompare(b.analyte),
      ),
    amendments: versions
      .filter((v) => v.status === 'approved' || v.status === 'superseded')
      .map((v) => ({
        version: v.version,
        status: v.status,
        reason: v.amendmentReason,
        approvedAt: v.approvedAt?.toISOString() ?? null,
      })),
    verificationUrl: `${ctx.publicUrl}/verify/${set.id}`,
    source: 'lab',
  };
}

/** Panels in the catalog's order (cannabinoids first), whatever order the database kept the JSON keys in. */
function inPanelOrder(panels: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(panels).sort(([a], [b]) => panelRank(a) - panelRank(b) || a.localeCompare(b)));
}

function panelRank(panel: string): number {
  const i = (PANELS as readonly string[]).indexOf(panel);
  return i === -1 ? PANELS.length : i;
}

/** The limit in force for a result: the printed one, else the limit table's ("Absent" for absence rules). */
function limitApplied(
  limit: string | null,
  limitText: string | null,
  unit: string,
  applied: Record<string, unknown> | null,
): string | null {
  if (limit) return limit;
  if (limitText) return limitText;
  if (!applied || applied.kind === 'report_only') return null;
  if (typeof applied.value === 'string')
    return applied.unit && applied.unit !== unit ? `${applied.value} ${String(applied.unit)}` : applied.value;
  if (typeof applied.text === 'string') return applied.text;
  return applied.kind === 'absent' ? 'Absent' : applied.kind === 'not_detected' ? 'Not detected' : null;
}

/** Text facts read off an imported certificate (`meta.certificate`), strings only. */
function certificateMeta(meta: Record<string, unknown> | null): Record<string, string | undefined> {
  const c = meta?.certificate;
  if (!c || typeof c !== 'object') return {};
  return Object.fromEntries(
    Object.entries(c).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1].trim() !== ''),
  );
}

function reportedBy(
  set: CertificateSource,
  ctx: CertificateContext,
  offline: Record<string, unknown> | null,
  printed: Record<string, string | undefined>,
  hasSourceFile: boolean,
): CertificateView['reportedBy'] {
  const original = `${ctx.publicUrl}/api/certificates/${set.id}/original.pdf`;
  if (offline) {
    const lab = (offline.lab ?? {}) as { name?: unknown; license?: unknown };
    return {
      name: typeof lab.name === 'string' ? lab.name : 'another laboratory',
      license: typeof lab.license === 'string' ? lab.license : null,
      certificateNumber: typeof offline.certificateNumber === 'string' ? offline.certificateNumber : null,
      certificateDate: typeof offline.certificateDate === 'string' ? offline.certificateDate : null,
      originalUrl: typeof offline.certificateFile === 'string' ? original : null,
    };
  }
  if (!printed.lab && !printed.labLicense) return null;
  if (!isAnotherLab(ctx.lab, printed.lab, printed.labLicense)) return null;
  return {
    name: printed.lab ?? 'another laboratory',
    license: printed.labLicense ?? null,
    certificateNumber: printed.certificateNumber ?? null,
    certificateDate: printed.reportCreated ?? null,
    originalUrl: hasSourceFile ? original : null,
  };
}

/**
 * Whether an imported certificate names a lab other than this one. Permits are printed in several forms for
 * the same lab (OCM-CPL-2022-00011, OCM-CPL-00011, OCM-CPL-24-00011-L1): the five-digit number decides.
 */
export function isAnotherLab(
  self: { name: string; license: string },
  name: string | undefined,
  license: string | undefined,
): boolean {
  if (license) {
    const mine = permitNumber(self.license);
    const theirs = permitNumber(license);
    return mine && theirs ? mine !== theirs : compact(self.license) !== compact(license);
  }
  if (!name) return false;
  const a = compact(self.name);
  const b = compact(name);
  return !a.includes(b) && !b.includes(a);
}

function permitNumber(license: string): string | null {
  return /CPL-(?:\d{2,4}-)?(\d{5})/i.exec(license)?.[1] ?? null;
}

function compact(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** The steps a certificate prints a signature for: the release, not a rejection or an amendment drafted later. */
const PRINTED_STEPS: Record<string, string> = { approve: 'Approved', release: 'Released in the state system' };

function signatures(
  set: CertificateSource,
  signed: RecordedSignature[],
  recorded: Array<{ username: string; fullName?: string | null; title?: string | null; meaning: string; at: string }> | undefined,
  signers: Record<string, Signer>,
): CertificateView['signatures'] {
  const printed = signed.filter((s) => PRINTED_STEPS[s.action]);
  if (printed.length) {
    return printed.map((s) => ({
      step: PRINTED_STEPS[s.action],
      meaning: s.meaning,
      name: s.fullName,
      title: s.title,
      at: s.signedAt,
      fingerprint: s.contentHash,
    }));
  }
  if (recorded?.length) {
    return recorded.map((r) => ({
      step: 'Approved',
      meaning: r.meaning,
      name: r.fullName ?? signers[r.username]?.fullName ?? r.username,
      title: r.title ?? signers[r.username]?.title ?? null,
      at: r.at,
      fingerprint: null,
    }));
  }
  // Released before e-signatures: who approved and when, as recorded; no meaning or fingerprint is made up.
  if (!set.approvedBy || !set.approvedAt) return [];
  const signer = signers[set.approvedBy];
  return [
    {
      step: 'Approved',
      meaning: null,
      name: signer?.fullName ?? set.approvedBy,
      title: signer?.title ?? null,
      at: set.approvedAt.toISOString(),
      fingerprint: null,
    },
  ];
}

/**
 * The lab methods each panel's results were judged by, named as the methods data names them; a tag no longer
 * known prints as itself. Panels without a method are absent (the layout's text, if any, stands for them).
 */
function methodsByPanel(
  results: Array<{ panel: string; provenance?: { method?: string } | null }>,
  names: Record<string, string>,
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const r of results) {
    const tag = r.provenance?.method;
    if (!tag) continue;
    const name = names[tag] ?? tag;
    const list = (out[r.panel] ??= []);
    if (!list.includes(name)) list.push(name);
  }
  return out;
}

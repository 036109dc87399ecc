/**
 * What an outbox row carries: the approved result set frozen at approval, in our own neutral terms.
 * The state-system adapter maps it to the remote API's body when it sends, so a row replays identically.
 */
export interface SubmissionPayload {
  sample: {
    id: string;
    labSampleId: string;
    uid: string | null;
    sourceUid: string | null;
    /** The state's id of the lab's sample when known at approval (rows queued before 2026-12 carry `stateSampleId`). */
    stateRef: string | null;
    productType: string;
    clientLicense: string;
  };
  resultSet: {
    id: string;
    version: number;
    /** For an amendment: the result set version it replaces, and why. */
    amends: { id: string; version: number } | null;
    amendmentReason: string | null;
  };
  /** `import`, `manual` or `amendment`. */
  origin: string;
  /** Set when results were entered by hand from an offline (non-integrated) source. */
  offlineSource: Record<string, unknown> | null;
  /**
   * A deliberately partial release (a manager's override of the missing panels, with the reason). Neither state
   * system has a field for it: it travels on the certificate they link or hold (rows queued before it was kept lack it).
   */
  partial?: { reason: string; missingPanels: string[] } | null;
  /** The certificate the lab released, served by this service (the state system stores a link). */
  certificateUrl: string;
  releasedAt: string;
  approvedBy: string;
  results: Array<{
    panel: string;
    analyte: string;
    value: string | null;
    qualifier: string | null;
    unit: string;
    loq: string | null;
    limit: string | null;
    status: string;
  }>;
}

/** The state's id of the payload's sample, from a row of either shape. */
export function payloadStateRef(payload: SubmissionPayload): string | null {
  if (payload.sample.stateRef !== undefined && payload.sample.stateRef !== null) return payload.sample.stateRef;
  const legacy = (payload.sample as { stateSampleId?: unknown }).stateSampleId;
  return typeof legacy === 'number' ? String(legacy) : null;
}

type PayloadResult = SubmissionPayload['results'][number];

/** What the approving transaction knows, in plain values (see OutboxService.enqueue). */
export interface PayloadSource {
  sample: SubmissionPayload['sample'];
  resultSet: SubmissionPayload['resultSet'] & { origin: string; meta: Record<string, unknown> | null };
  results: Array<PayloadResult & { derived: boolean }>;
  certificateUrl: string;
  releasedAt: Date;
  approvedBy: string;
}

/**
 * Freezes an approved result set into the outbox payload. Totals we derived are not sent: the state system
 * computes its own from the panels. An offline (manually entered) source travels with it so the adapter can mark it.
 */
export function buildSubmissionPayload(src: PayloadSource): SubmissionPayload {
  const offline = src.resultSet.meta?.offlineSource;
  return {
    sample: { ...src.sample },
    resultSet: {
      id: src.resultSet.id,
      version: src.resultSet.version,
      amends: src.resultSet.amends,
      amendmentReason: src.resultSet.amendmentReason,
    },
    origin: src.resultSet.origin,
    offlineSource:
      offline !== null && typeof offline === 'object' && !Array.isArray(offline) ? (offline as Record<string, unknown>) : null,
    partial: partialOf(src.resultSet.meta),
    certificateUrl: src.certificateUrl,
    releasedAt: src.releasedAt.toISOString(),
    approvedBy: src.approvedBy,
    results: src.results
      .filter((r) => !r.derived)
      .map((r) => ({
        panel: r.panel,
        analyte: r.analyte,
        value: r.value,
        qualifier: r.qualifier,
        unit: r.unit,
        loq: r.loq,
        limit: r.limit,
        status: r.status,
      })),
  };
}

function partialOf(meta: Record<string, unknown> | null): SubmissionPayload['partial'] {
  const release = meta?.release as { partial?: { reason?: unknown; missingPanels?: unknown } } | undefined;
  const p = release?.partial;
  if (!p || typeof p.reason !== 'string' || !Array.isArray(p.missingPanels)) return null;
  return { reason: p.reason, missingPanels: p.missingPanels.filter((x): x is string => typeof x === 'string') };
}

/** NY: results are reported within 48 hours of the certificate's release (9 NYCRR 130.23(d)). */
export const REPORTING_WINDOW_MS = 48 * 60 * 60 * 1000;

export function reportingDeadline(releasedAt: Date): Date {
  return new Date(releasedAt.getTime() + REPORTING_WINDOW_MS);
}

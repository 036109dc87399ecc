import type { ResultSetView } from '../results/result-set.mapper';
import type { BulkApprovalView } from '../results/result-set.service';
import { formatDateTime, type LabTime } from './format';
import { signerLine } from './review-signatures.view';

/** The page after a bulk approval: one row per set asked for, approved or refused with its reason. */
export interface BulkOutcomeView {
  title: string;
  approved: number;
  refused: number;
  /** Who signed and what the signature means (the same for every set approved). */
  signedAs: { who: string; meaning: string; at: LabTime } | null;
  rows: Array<{
    href: string;
    labSampleId: string;
    product: string;
    approved: boolean;
    /** "Approved and signed …, queued for the state system", or the reason it was refused. */
    text: string;
    /** Why not, item by item, when the readiness check refused it. */
    items: string[];
  }>;
}

const readinessReasons = (readiness: unknown): string[] =>
  Array.isArray(readiness)
    ? readiness.flatMap((i: { reason?: unknown; blocking?: unknown; fix?: unknown }) =>
        i && typeof i.reason === 'string' && i.blocking !== false
          ? [`${i.reason}${typeof i.fix === 'string' ? ` — fix: ${i.fix}` : ''}`]
          : [],
      )
    : [];

export function toBulkOutcomeView(answer: BulkApprovalView, sets: ReadonlyArray<ResultSetView | null>): BulkOutcomeView {
  const first = answer.outcomes.find((o) => o.outcome === 'approved');
  return {
    title: 'Bulk approval',
    approved: answer.approved,
    refused: answer.refused,
    signedAs:
      first && first.outcome === 'approved'
        ? { who: signerLine(first.signature), meaning: first.signature.meaning, at: formatDateTime(first.signature.signedAt) }
        : null,
    rows: answer.outcomes.map((o, i) => {
      const set = sets[i];
      const product = set
        ? [set.sample.productName, set.sample.batch && `batch ${set.sample.batch}`].filter(Boolean).join(' · ')
        : '';
      if (o.outcome === 'approved')
        return {
          href: `/review/${o.id}`,
          labSampleId: set?.sample.labSampleId ?? o.id,
          product,
          approved: true,
          text: `Approved and signed (version ${o.version}, fingerprint ${o.signature.contentHash.slice(0, 12)}); queued for the state system, report due by ${formatDateTime(o.submission.deadlineAt).text}.`,
          items: [],
        };
      return {
        href: `/review/${o.id}`,
        labSampleId: set?.sample.labSampleId ?? o.id,
        product,
        approved: false,
        text: o.message.replace(/^body: /, ''),
        items: readinessReasons(o.readiness),
      };
    }),
  };
}

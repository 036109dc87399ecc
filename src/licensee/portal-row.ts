import type { CertificateView } from './certificate.view';

/** Where a licensee's sample stands, as a licensee needs to know it: released, or still with the lab. */
export type PortalState = 'released' | 'in_testing';

/** One line of a licensee's list: a sample it submitted, its current release (if any) and the summary. */
export interface PortalRow {
  labSampleId: string;
  uid: string | null;
  sourceUid: string | null;
  productName: string | null;
  productType: string;
  batch: string | null;
  /** The lab whose testing the results are: this lab, or another lab whose certificate was entered here. */
  lab: string;
  state: PortalState;
  /** The current released version (null while in testing). */
  release: {
    resultSetId: string;
    version: number;
    releasedAt: string | null;
    verdict: string | null;
    /** The summary the certificate's first page prints (Total THC, Total CBD, ...), in its order. */
    totals: Array<{ analyte: string; name: string; value: string | null; qualifier: string | null; unit: string }>;
    /** Each panel's status (pass, fail, not_tested, ...), as evaluated. */
    panels: Array<{ panel: string; status: string }>;
    partial: boolean;
  } | null;
}

/** The row of a sample with no released version yet. */
export function inTestingRow(
  sample: Pick<PortalRow, 'labSampleId' | 'uid' | 'sourceUid' | 'productName' | 'productType' | 'batch'>,
  labName: string,
): PortalRow {
  return { ...pick(sample), lab: labName, state: 'in_testing', release: null };
}

/** The row of a sample from its current certificate: the summary is what the certificate prints first. */
export function releasedRow(view: CertificateView, summaryAnalytes: readonly string[]): PortalRow {
  const totals = summaryAnalytes.flatMap((key) => {
    const r = view.results.find((x) => x.analyte === key && x.derived) ?? view.results.find((x) => x.analyte === key);
    return r ? [{ analyte: key, name: r.name, value: r.value, qualifier: r.qualifier, unit: r.unit }] : [];
  });
  return {
    ...pick(view.sample),
    lab: view.reportedBy?.name ?? view.lab.name,
    state: 'released',
    release: {
      resultSetId: view.resultSet.id,
      version: view.resultSet.version,
      releasedAt: view.resultSet.approvedAt,
      verdict: view.resultSet.verdict,
      totals,
      panels: Object.entries(view.resultSet.panels).map(([panel, status]) => ({ panel, status })),
      partial: !!view.partialRelease,
    },
  };
}

function pick(s: Pick<PortalRow, 'labSampleId' | 'uid' | 'sourceUid' | 'productName' | 'productType' | 'batch'>) {
  return {
    labSampleId: s.labSampleId,
    uid: s.uid,
    sourceUid: s.sourceUid,
    productName: s.productName,
    productType: s.productType,
    batch: s.batch,
  };
}

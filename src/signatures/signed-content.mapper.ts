import { recordedPartial } from '../results/partial-release';
import type { ResultSet } from '../results/result-set.entity';
import type { SignedContent } from './signed-content';

/** What a signature covers, read from a result set loaded with its sample, the sample's client and its results. */
export function signedContentOf(set: ResultSet): SignedContent {
  const partial = recordedPartial(set.meta);
  return {
    resultSetId: set.id,
    version: set.version,
    origin: set.origin,
    verdict: set.verdict,
    amendmentReason: set.amendmentReason,
    sample: {
      labSampleId: set.sample.labSampleId,
      uid: set.sample.uid,
      productType: set.sample.productType,
      productName: set.sample.productName,
      batch: set.sample.batch,
      clientLicense: set.sample.client.licenseNumber,
    },
    partial: partial ? { reason: partial.reason, missingPanels: partial.missingPanels } : null,
    results: set.results.getItems().map((r) => ({
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
      status: r.status,
      derived: r.derived,
    })),
  };
}

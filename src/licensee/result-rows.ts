import { displayUnit } from './certificate-words';
import type { CertificateView } from './certificate.view';
import { formatLabTime } from './lab-time';
import { escapeCell } from './spreadsheet-cell';

export const RESULT_COLUMNS = [
  'uid',
  'labSampleId',
  'productName',
  'version',
  'status',
  'approvedAt',
  'panel',
  'analyte',
  'name',
  'value',
  'qualifier',
  'unit',
  'reportedValue',
  'reportedUnit',
  'loq',
  'limit',
  'result',
  'approvedAtLabTime',
] as const;

/**
 * One row per result, every text cell escaped against formula injection; units spelled as on the PDF ("µg/g").
 * `approvedAt` stays UTC (ISO) for programs; `approvedAtLabTime` is the same instant as the lab reads it.
 */
export function resultRows(view: CertificateView, timeZone: string): Array<Array<string | number | null>> {
  const approvedAtLabTime = formatLabTime(view.resultSet.approvedAt, timeZone);
  return view.results.map((r) =>
    [
      view.sample.uid,
      view.sample.labSampleId,
      view.sample.productName,
      view.resultSet.version,
      view.resultSet.status,
      view.resultSet.approvedAt,
      r.panel,
      r.analyte,
      r.name,
      r.value === null ? null : Number(r.value),
      r.qualifier,
      displayUnit(r.unit),
      r.reportedValue,
      r.reportedUnit,
      r.loq,
      r.limit,
      r.status,
      approvedAtLabTime,
    ].map(escapeCell),
  );
}

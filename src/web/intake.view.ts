import type { SampleListRow } from '../samples/sample.service';
import { formatDateTime, humanize, type LabTime } from './format';
import { SAMPLE_STATUS_LABELS } from './samples.view';

export interface IntakeItemView {
  id: string;
  href: string;
  uid: string;
  productName: string;
  productType: string;
  /** The lab's own id, or '' while the sample still carries its UID as its id. */
  labSampleId: string;
  stateReceipt: 'received' | 'waiting';
  status: string;
}

export interface IntakeTransferView {
  transferId: string;
  manifest: string;
  shipper: string;
  shipperLicense: string;
  received: LabTime;
  items: IntakeItemView[];
  withoutLabId: number;
}

export interface IntakeView {
  title: string;
  transfers: IntakeTransferView[];
  withoutLabId: number;
  showAll: boolean;
}

/** A sample that arrived from the state system keeps its UID as its lab sample id until the lab gives it one. */
export const hasLabId = (s: { labSampleId: string; uid: string | null }): boolean => s.labSampleId !== s.uid;

/** The intake list: arrived samples grouped by the transfer they came on, newest first; by default only transfers with work left. */
export function toIntakeView(samples: SampleListRow[], showAll: boolean): IntakeView {
  const byTransfer = new Map<string, SampleListRow[]>();
  for (const s of samples) {
    const key = s.stateTransferId ?? '—';
    byTransfer.set(key, [...(byTransfer.get(key) ?? []), s]);
  }
  const transfers = [...byTransfer.entries()].map(([transferId, items]) => ({
    transferId,
    manifest: items.find((i) => i.stateManifestId)?.stateManifestId ?? '—',
    shipper: items[0].client.name,
    shipperLicense: items[0].client.licenseNumber,
    received: formatDateTime(items[0].receivedAt),
    withoutLabId: items.filter((i) => !hasLabId(i)).length,
    items: [...items]
      .sort((a, b) => (a.uid ?? '').localeCompare(b.uid ?? ''))
      .map((i) => ({
        id: i.id,
        href: `/samples/${i.id}`,
        uid: i.uid ?? '',
        productName: i.productName ?? '—',
        productType: humanize(i.productType),
        labSampleId: hasLabId(i) ? i.labSampleId : '',
        stateReceipt: i.stateSampleId !== null ? ('received' as const) : ('waiting' as const),
        status: SAMPLE_STATUS_LABELS[i.status],
      })),
  }));
  return {
    title: 'Intake',
    transfers: showAll ? transfers : transfers.filter((t) => t.withoutLabId > 0),
    withoutLabId: transfers.reduce((n, t) => n + t.withoutLabId, 0),
    showAll,
  };
}

export interface PastedLabId {
  line: number;
  ref: string;
  labSampleId: string;
}

/**
 * A pasted two-column list, "UID (or current id), lab sample id" a line, separated by a tab (a spreadsheet
 * copy), a comma, a semicolon or spaces. A line that is not two columns is refused by number.
 */
export function parsePastedLabIds(text: string): { rows: PastedLabId[]; problems: string[] } {
  const rows: PastedLabId[] = [];
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    // The strongest separator on the line wins, so a lab id with a space survives a tab- or comma-separated paste.
    const separator = line.includes('\t') ? /\t+/ : /[,;]/.test(line) ? /[,;]/ : /\s+/;
    const cells = line
      .split(separator)
      .map((c) => c.trim())
      .filter((c) => c !== '');
    if (cells.length !== 2) {
      problems.push(`line ${i + 1} ("${line}"): expected two columns, the UID and the lab sample ID`);
      return;
    }
    rows.push({ line: i + 1, ref: cells[0], labSampleId: cells[1] });
  });
  return { rows, problems };
}

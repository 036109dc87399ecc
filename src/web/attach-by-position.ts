import type { IntakeTransferView } from './intake.view';

export interface PositionFill {
  transferId: string;
  /** Transfer, manifest and shipper in words. */
  label: string;
  /** Entry index → the lab sample id (or, before it has one, the UID) the picker is filled with. */
  values: Map<number, string>;
  /** Open entries of the run, and samples of the list still to be matched. */
  runCount: number;
  listCount: number;
  /** Samples of the list this import already put results on: not paired again. */
  alreadyMatched: string[];
}

/**
 * Pairs a run's open unmatched samples, in the file's order, with an intake list's samples in the order the intake
 * page shows them, leaving out samples the import already matched (by name, or attached by a person). Only fills
 * pickers: a person checks the pairs and posts them, so an order that does not match is seen before anything is
 * attached. Unequal counts are reported, never padded.
 */
export function pairByPosition(
  openIndexes: readonly number[],
  transfer: IntakeTransferView,
  matched: { ids: ReadonlySet<string>; refs: ReadonlySet<string> },
): PositionFill {
  const isMatched = (i: IntakeTransferView['items'][number]) =>
    matched.ids.has(i.id) || matched.refs.has(i.uid) || (i.labSampleId !== '' && matched.refs.has(i.labSampleId));
  const remaining = transfer.items.filter((i) => !isMatched(i));
  const values = new Map<number, string>();
  [...openIndexes]
    .sort((a, b) => a - b)
    .forEach((index, n) => {
      const item = remaining[n];
      if (item) values.set(index, item.labSampleId || item.uid);
    });
  return {
    transferId: transfer.transferId,
    label: transferLabel(transfer),
    values,
    runCount: openIndexes.length,
    listCount: remaining.length,
    alreadyMatched: transfer.items.filter(isMatched).map((i) => i.labSampleId || i.uid),
  };
}

export const transferLabel = (t: Pick<IntakeTransferView, 'transferId' | 'manifest' | 'shipper' | 'items'>): string =>
  `Transfer ${t.transferId} · manifest ${t.manifest} · from ${t.shipper} · ${t.items.length} sample(s)`;

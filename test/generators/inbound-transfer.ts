/** The UID of the n-th generated sample (16 digits, as BioTrack NY's). */
export const transferUid = (n: number): string => `4815029${String(n).padStart(9, '0')}`;

/**
 * An inbound lab-sample transfer as the BioTrack simulator takes it (`POST /_sim/transfers`): `count` flower
 * samples from one cultivator, drawn from ten lots, their UIDs from `first` on.
 */
export function inboundTransfer(id: number, first: number, count: number) {
  return {
    id,
    outboundLicense: 'OCM-CULT-24-000112',
    transferType: 'Lab Sample',
    items: Array.from({ length: count }, (_, i) => ({
      inventoryId: transferUid(first + i),
      parentId: `48150300000${String(id % 100).padStart(2, '0')}${String(i % 10).padStart(3, '0')}`,
      amount: 12,
      uom: 'g',
      inventoryType: 'Flower',
      productName: `Sample ${first + i}`,
    })),
  };
}

import { DEMO_ACCOUNTS, DEMO_SEED, startSimulator } from '../../src/simulator/biotrack-ny/simulator';

describe('BioTrack NY simulator: demo seed', () => {
  it('holds one lab and licensees, each with a distinct license', () => {
    expect(DEMO_ACCOUNTS.filter((a) => a.kind === 'lab').map((a) => a.license)).toEqual(['OCM-CPL-2022-00042']);
    expect(DEMO_ACCOUNTS.filter((a) => a.kind === 'licensee').length).toBeGreaterThanOrEqual(3);
    expect(new Set(DEMO_ACCOUNTS.map((a) => a.license)).size).toBe(DEMO_ACCOUNTS.length);
  });

  it('draws every sample from a seeded lot of the licensee that ships it', () => {
    const lots = new Map(DEMO_SEED.inventory.map((i) => [i.id, i]));
    for (const transfer of DEMO_SEED.transfers) {
      for (const item of transfer.items) expect(lots.get(item.parentId)?.locationLicense).toBe(transfer.outboundLicense);
    }
    expect(new Set(DEMO_SEED.transfers.flatMap((t) => t.items.map((i) => i.inventoryType)))).toEqual(
      new Set(['Flower', 'Pre-Roll', 'Infused Pre-Roll', 'Concentrate', 'Edible', 'Vape Cartridge']),
    );
  });

  it('starts the same every time: two runs hold identical inventory, transfers and samples', async () => {
    const runs = await Promise.all([startSimulator({ now: () => 0 }), startSimulator({ now: () => 0 })]);
    try {
      const [a, b] = runs.map((sim) => sim.control.state());
      expect(a?.inventory).toEqual(b?.inventory);
      expect(a?.transfers).toEqual(b?.transfers);
      expect(a?.labSamples.map((s) => [s.ID, s.InventoryID, s.Result])).toEqual([
        [1, '4815020000009006', 'Pending'],
        [2, '4815020000009007', 'Pending'],
      ]);
      expect(a?.inventory.every((i) => /^\d{16}$/.test(i.ID))).toBe(true);
    } finally {
      await Promise.all(runs.map((sim) => sim.close()));
    }
  });
});

import { z } from 'zod';
import demoSeedJson from './demo-seed.data.json';
import { SeedDataSchema, SimulatorAccountSchema, type SeedData, type SimulatorAccount } from './simulator-options.schemas';

const DemoSeedFileSchema = z.strictObject({
  $comment: z.string().optional(),
  accounts: z.array(SimulatorAccountSchema).min(1),
  ...SeedDataSchema.shape,
});

const demo = DemoSeedFileSchema.parse(demoSeedJson);

/** The demo accounts (one lab, four licensees) used when no `credentials` option is given. */
export const DEMO_ACCOUNTS: readonly SimulatorAccount[] = demo.accounts;

/** The demo inventory and inbound sample transfers used when `seed` is true. */
export const DEMO_SEED: SeedData = { inventory: demo.inventory, transfers: demo.transfers };

export const EMPTY_SEED: SeedData = { inventory: [], transfers: [] };

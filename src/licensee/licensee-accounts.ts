import * as fs from 'node:fs';
import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { AppConfig, SIMULATOR_ENDPOINT } from '../config/app-config';
import { DEMO_ACCOUNTS } from '../simulator/biotrack-ny/simulator';
import { SIM_CULTIVATOR } from '../simulator/metrc-ny/metrc-sim.state';
import type { LicenseeAccount } from '../state-system/state-system.port';

const AccountsFileSchema = z.array(
  z
    .object({ license: z.string().min(1), ubi: z.string().min(1), username: z.string().min(1), password: z.string().min(1) })
    .strict(),
);

/** Metrc: each licensee's own user key (the integrator's vendor key goes with it). */
const MetrcKeysFileSchema = z.array(z.object({ license: z.string().min(1), userKey: z.string().min(1) }).strict());

/**
 * The state-system accounts the service may use on a licensee's behalf to ask what that licensee holds
 * (New York licensees approve integrators for this). From BIOTRACK_LICENSEE_ACCOUNTS_FILE; with the built-in
 * simulator, its demo licensees.
 */
@Injectable()
export class LicenseeAccounts {
  private readonly byLicense = new Map<string, LicenseeAccount>();

  constructor(config: AppConfig) {
    if (config.stateSystem.kind === 'biotrack-ny' && config.stateSystem.endpoint === SIMULATOR_ENDPOINT) {
      for (const a of DEMO_ACCOUNTS.filter((x) => x.kind === 'licensee')) {
        this.byLicense.set(a.license, { license: a.license, ubi: a.ubi, username: a.username, password: a.password });
      }
    }
    if (config.stateSystem.kind === 'metrc-ny') {
      if (config.stateSystem.endpoint === SIMULATOR_ENDPOINT)
        this.byLicense.set(SIM_CULTIVATOR.license, { license: SIM_CULTIVATOR.license, userKey: SIM_CULTIVATOR.userKey });
      if (config.metrc.licenseeKeysFile) {
        for (const a of readAccounts(config.metrc.licenseeKeysFile, MetrcKeysFileSchema)) this.byLicense.set(a.license, a);
      }
      return;
    }
    if (config.licenseeAccountsFile) {
      const parsed = AccountsFileSchema.safeParse(JSON.parse(fs.readFileSync(config.licenseeAccountsFile, 'utf8')));
      if (!parsed.success) {
        throw new Error(
          `${config.licenseeAccountsFile}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
        );
      }
      for (const a of parsed.data) this.byLicense.set(a.license, a);
    }
  }

  forLicense(license: string): LicenseeAccount | null {
    return this.byLicense.get(license) ?? null;
  }
}

function readAccounts<T>(file: string, schema: z.ZodType<T[]>): T[] {
  const parsed = schema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success)
    throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { MetrcCredentials } from '../../config/app-config';
import {
  SIM_LAB,
  SIM_VENDOR_KEY,
  startMetrcSimulator,
  type RunningMetrcSimulator,
} from '../../simulator/metrc-ny/metrc-simulator';

/**
 * STATE_SYSTEM=metrc-ny without METRC_* credentials: the Metrc NY simulator runs inside the service on a loopback
 * port, seeded with the mapping's type names and demo manifests, and the adapter reaches it over real HTTP.
 */
@Injectable()
export class MetrcSimulatorHost implements OnApplicationShutdown {
  private readonly logger = new Logger('StateSystem');
  private running: RunningMetrcSimulator | null = null;

  get simulator(): RunningMetrcSimulator | null {
    return this.running;
  }

  async start(typeNames: readonly string[]): Promise<MetrcCredentials> {
    this.running ??= await startMetrcSimulator({ typeNames, demo: true });
    this.logger.warn(
      `state system: built-in Metrc NY simulator at ${this.running.url} (demo lab ${SIM_LAB.license}) — nothing leaves this machine`,
    );
    return { baseUrl: this.running.url, vendorKey: SIM_VENDOR_KEY, userKey: SIM_LAB.userKey, license: SIM_LAB.license };
  }

  async onApplicationShutdown(): Promise<void> {
    const sim = this.running;
    this.running = null;
    await sim?.close();
  }
}

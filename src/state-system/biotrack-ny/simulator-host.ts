import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { DEMO_ACCOUNTS, startSimulator, type RunningSimulator } from '../../simulator/biotrack-ny/simulator';
import type { BiotrackConnection } from './biotrack-ny.adapter';

/**
 * STATE_SYSTEM=simulator: the BioTrack NY simulator runs inside the service on a random loopback port, and the
 * adapter talks to it over real HTTP with the demo lab's account, exactly as it would talk to BioTrack.
 */
@Injectable()
export class SimulatorHost implements OnApplicationShutdown {
  private readonly logger = new Logger('StateSystem');
  private running: RunningSimulator | null = null;

  /** The running in-process simulator, once started (tests steer it through `control`). */
  get simulator(): RunningSimulator | null {
    return this.running;
  }

  async start(): Promise<BiotrackConnection> {
    const lab = DEMO_ACCOUNTS.find((a) => a.kind === 'lab');
    if (!lab) throw new Error('the simulator has no demo lab account');
    this.running ??= await startSimulator({ host: '127.0.0.1', port: 0, seed: true });
    this.logger.warn(
      `state system: built-in BioTrack NY simulator at ${this.running.url} (demo lab ${lab.license}) — nothing leaves this machine`,
    );
    return { baseUrl: this.running.url, ubi: lab.ubi, license: lab.license, username: lab.username, password: lab.password };
  }

  async onApplicationShutdown(): Promise<void> {
    const sim = this.running;
    this.running = null;
    await sim?.close();
  }
}

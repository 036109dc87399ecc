import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/core';
import { AppConfig, SIMULATOR_ENDPOINT, stateSystemLabel } from '../config/app-config';
import { APP_VERSION } from '../common/version';
import { STATE_SYSTEM, type StateSystem } from '../state-system/state-system.port';
import { SubmissionRepository } from '../outbox/submission.repository';

export interface HealthReport {
  status: 'ok' | 'degraded';
  version: string;
  database: { type: string; reachable: boolean; error?: string };
  /** `endpoint`: `simulator` (the built-in one) or the live base URL. */
  stateSystem: { kind: string; endpoint: string; note: string; reachable: boolean; error?: string; alert?: string } & Record<
    string,
    unknown
  >;
  /** Outbox rows waiting to be sent (pending, retry), being sent, and given up on (dead). */
  queue: { pending: number; sending: number; retry: number; dead: number } | null;
}

/** A state system slower than this counts as unreachable for the health report. */
const STATE_SYSTEM_PROBE_MS = 3000;

@Injectable()
export class HealthService {
  constructor(
    private readonly em: EntityManager,
    private readonly config: AppConfig,
    @Inject(STATE_SYSTEM) private readonly stateSystem: StateSystem,
    private readonly submissions: SubmissionRepository,
  ) {}

  /** Readiness follows the database only: with the state system down the outbox simply waits. */
  async check(): Promise<HealthReport> {
    const [database, reach] = await Promise.all([this.checkDatabase(), this.checkStateSystem()]);
    const ss = this.config.stateSystem;
    const queue = database.reachable ? await this.queueDepth() : null;
    return {
      status: database.reachable ? 'ok' : 'degraded',
      version: APP_VERSION,
      database,
      stateSystem: {
        kind: ss.kind,
        endpoint: ss.endpoint,
        note:
          ss.endpoint === SIMULATOR_ENDPOINT
            ? `built-in ${stateSystemLabel(ss.kind)} simulator: nothing leaves this machine`
            : `${stateSystemLabel(ss.kind)} at ${ss.endpoint}`,
        ...reach,
        ...(this.stateSystem.alert?.() ? { alert: this.stateSystem.alert() ?? undefined } : {}),
        ...(this.stateSystem.healthDetails?.() ?? {}),
      },
      queue,
    };
  }

  private async checkDatabase(): Promise<HealthReport['database']> {
    const type = this.config.database.type;
    try {
      await this.em.getConnection().execute('select 1');
      return { type, reachable: true };
    } catch (e) {
      return { type, reachable: false, error: e instanceof Error ? e.message.split('\n')[0] : 'unreachable' };
    }
  }

  private async checkStateSystem(): Promise<{ reachable: boolean; error?: string }> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${STATE_SYSTEM_PROBE_MS} ms`)), STATE_SYSTEM_PROBE_MS);
    });
    try {
      await Promise.race([this.stateSystem.probe(), timeout]);
      return { reachable: true };
    } catch (e) {
      return { reachable: false, error: e instanceof Error ? e.message.split('\n')[0] : 'unreachable' };
    } finally {
      clearTimeout(timer);
    }
  }

  private async queueDepth(): Promise<HealthReport['queue']> {
    try {
      const { pending, sending, retry, dead } = await this.submissions.countByStatus();
      return { pending, sending, retry, dead };
    } catch {
      return null;
    }
  }
}

import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/core';
import { AppConfig } from '../config/app-config';
import { APP_VERSION } from '../common/version';

export interface HealthReport {
  status: 'ok' | 'degraded';
  version: string;
  database: { type: string; reachable: boolean; error?: string };
  stateSystem: { kind: string; note: string };
}

@Injectable()
export class HealthService {
  constructor(
    private readonly em: EntityManager,
    private readonly config: AppConfig,
  ) {}

  async check(): Promise<HealthReport> {
    const database = await this.checkDatabase();
    const ss = this.config.stateSystem;
    return {
      status: database.reachable ? 'ok' : 'degraded',
      version: APP_VERSION,
      database,
      stateSystem: {
        kind: ss.kind,
        note:
          ss.kind === 'simulator'
            ? 'built-in BioTrack NY simulator: nothing leaves this machine'
            : `BioTrack NY at ${ss.baseUrl}`,
      },
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
}

import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { AppConfig } from '../config/app-config';
import { SampleSyncService } from './sample-sync.service';

const INTERVAL_NAME = 'sample-sync';

/** Runs the sample sync every SAMPLE_SYNC_INTERVAL_SECONDS (0: only on request, POST /api/samples/sync). */
@Injectable()
export class SampleSyncWorker implements OnApplicationBootstrap {
  private readonly logger = new Logger('SampleSync');

  constructor(
    private readonly config: AppConfig,
    private readonly sync: SampleSyncService,
    private readonly scheduler: SchedulerRegistry,
  ) {}

  onApplicationBootstrap(): void {
    const seconds = this.config.sampleSyncIntervalSeconds;
    if (seconds === 0) return;
    const timer = setInterval(() => void this.handleSync(), seconds * 1000);
    this.scheduler.addInterval(INTERVAL_NAME, timer);
  }

  async handleSync(): Promise<void> {
    try {
      const s = await this.sync.sync('sample-sync');
      if (s.registered.length || s.received.length || s.problems.length) {
        this.logger.log(
          `registered ${s.registered.length} sample(s), received ${s.received.length} transfer(s), ${s.problems.length} problem(s)`,
        );
      }
    } catch (e) {
      this.logger.warn(`sample sync failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}

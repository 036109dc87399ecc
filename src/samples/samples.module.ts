import { Module } from '@nestjs/common';
import { StateSystemModule } from '../state-system/state-system.module';
import { SampleSyncController } from './sample-sync.controller';
import { SampleSyncService } from './sample-sync.service';
import { SampleSyncWorker } from './sample-sync.worker';
import { SampleController } from './sample.controller';
import { SampleService } from './sample.service';

@Module({
  imports: [StateSystemModule],
  // The sync routes first: GET /api/samples/sync would otherwise be taken for a sample id.
  controllers: [SampleSyncController, SampleController],
  providers: [SampleService, SampleSyncService, SampleSyncWorker],
  exports: [SampleService, SampleSyncService],
})
export class SamplesModule {}

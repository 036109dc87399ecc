import { Module } from '@nestjs/common';
import { OutboxService } from './outbox.service';
import { OutboxWorker } from './outbox.worker';
import { SimulatorHost } from './simulator-host';
import { stateSystemProvider } from './state-system.provider';
import { STATE_SYSTEM } from './state-system.port';
import { SubmissionController } from './submission.controller';
import { SubmissionRepository } from './submission.repository';
import { SubmissionService } from './submission.service';

@Module({
  controllers: [SubmissionController],
  providers: [OutboxService, SimulatorHost, stateSystemProvider, SubmissionRepository, SubmissionService, OutboxWorker],
  exports: [OutboxService, SubmissionService, STATE_SYSTEM, SubmissionRepository, SimulatorHost, OutboxWorker],
})
export class StateSystemModule {}

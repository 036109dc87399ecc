import { Module } from '@nestjs/common';
import { StateSystemModule } from '../state-system/state-system.module';
import { OutboxService } from './outbox.service';
import { OutboxWorker } from './outbox.worker';
import { SubmissionController } from './submission.controller';
import { SubmissionRepository } from './submission.repository';
import { SubmissionService } from './submission.service';

/** The outbox: submissions queued in the approving transaction and carried out, step by step, by the worker. */
@Module({
  imports: [StateSystemModule],
  controllers: [SubmissionController],
  providers: [OutboxService, SubmissionRepository, SubmissionService, OutboxWorker],
  exports: [OutboxService, SubmissionService, SubmissionRepository, OutboxWorker],
})
export class OutboxModule {}

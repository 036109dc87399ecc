import { Module } from '@nestjs/common';
import { LicenseeModule } from '../licensee/licensee.module';
import { LicenseeService } from '../licensee/licensee.service';
import { SignaturesModule } from '../signatures/signatures.module';
import { StateSystemModule } from '../state-system/state-system.module';
import { CERTIFICATES, type CertificateSource } from './certificate-source';
import { OutboxService } from './outbox.service';
import { OutboxWorker } from './outbox.worker';
import { SubmissionAttentionService } from './submission-attention';
import { SubmissionController } from './submission.controller';
import { SubmissionRepository } from './submission.repository';
import { SubmissionService } from './submission.service';

/** The outbox: submissions queued in the approving transaction and carried out, step by step, by the worker. */
@Module({
  imports: [StateSystemModule, LicenseeModule, SignaturesModule],
  controllers: [SubmissionController],
  providers: [
    OutboxService,
    SubmissionRepository,
    SubmissionService,
    SubmissionAttentionService,
    OutboxWorker,
    {
      provide: CERTIFICATES,
      inject: [LicenseeService],
      useFactory: (l: LicenseeService): CertificateSource => ({ pdf: (id) => l.certificatePdf(id) }),
    },
  ],
  exports: [OutboxService, SubmissionService, SubmissionAttentionService, SubmissionRepository, OutboxWorker],
})
export class OutboxModule {}

import { Module } from '@nestjs/common';
import { OutboxModule } from '../outbox/outbox.module';
import { SignaturesModule } from '../signatures/signatures.module';
import { LimitTableStore } from './limit-table.store';
import { ResultDraftService } from './result-draft.service';
import { ResultSetController } from './result-set.controller';
import { ResultSetService } from './result-set.service';
import { ReviewSettingsController } from './review-settings.controller';
import { ReviewSettingsService } from './review-settings.service';
import { UnsureValuesController } from './unsure-values.controller';

@Module({
  imports: [OutboxModule, SignaturesModule],
  controllers: [ResultSetController, ReviewSettingsController, UnsureValuesController],
  providers: [LimitTableStore, ResultDraftService, ResultSetService, ReviewSettingsService],
  exports: [LimitTableStore, ResultDraftService, ResultSetService, ReviewSettingsService],
})
export class ResultsModule {}

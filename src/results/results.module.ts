import { Module } from '@nestjs/common';
import { StateSystemModule } from '../state-system/state-system.module';
import { LimitTableStore } from './limit-table.store';
import { ResultDraftService } from './result-draft.service';
import { ResultSetController } from './result-set.controller';
import { ResultSetService } from './result-set.service';
import { ReviewSettingsController } from './review-settings.controller';
import { ReviewSettingsService } from './review-settings.service';

@Module({
  imports: [StateSystemModule],
  controllers: [ResultSetController, ReviewSettingsController],
  providers: [LimitTableStore, ResultDraftService, ResultSetService, ReviewSettingsService],
  exports: [LimitTableStore, ResultDraftService, ResultSetService, ReviewSettingsService],
})
export class ResultsModule {}

import { Module } from '@nestjs/common';
import { LimitTableStore } from './limit-table.store';
import { ResultDraftService } from './result-draft.service';

@Module({ providers: [LimitTableStore, ResultDraftService], exports: [LimitTableStore, ResultDraftService] })
export class ResultsModule {}

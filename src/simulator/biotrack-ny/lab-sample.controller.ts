import { Controller, Get, HttpCode, Param, Post, Put, UseInterceptors } from '@nestjs/common';
import { AppliedButErrorInterceptor } from './applied-but-error.interceptor';
import { LabResultService } from './lab-result.service';
import { LabSampleService } from './lab-sample.service';
import { ValidBody, ValidQuery } from './request-validation.pipe';
import type { AmendResultBody, PageByInventoryQuery, PostResultBody } from './request.schemas';
import { CurrentSession, RequiresSession } from './session.guard';
import type { SessionRecord } from './simulator.store';

@Controller('v1/lab/sample')
@RequiresSession('lab')
export class LabSampleController {
  constructor(
    private readonly samples: LabSampleService,
    private readonly results: LabResultService,
  ) {}

  @Get()
  listLabSamples(@CurrentSession() session: SessionRecord, @ValidQuery('pageByInventory') query: PageByInventoryQuery) {
    return this.samples.list(session, query);
  }

  @Get(':id')
  getLabSample(@CurrentSession() session: SessionRecord, @Param('id') id: string, @ValidQuery('none') _query: object) {
    return this.samples.one(session, id);
  }

  @Post(':id/result')
  @HttpCode(200)
  @UseInterceptors(AppliedButErrorInterceptor)
  postResults(@CurrentSession() session: SessionRecord, @Param('id') id: string, @ValidBody('postResult') body: PostResultBody) {
    return this.results.post(session, id, body);
  }

  @Put(':id/result')
  @HttpCode(200)
  @UseInterceptors(AppliedButErrorInterceptor)
  amendResults(
    @CurrentSession() session: SessionRecord,
    @Param('id') id: string,
    @ValidBody('amendResult') body: AmendResultBody,
  ) {
    return this.results.amend(session, id, body);
  }
}

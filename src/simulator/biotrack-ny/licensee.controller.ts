import { Controller, Get, Param } from '@nestjs/common';
import { LicenseeService } from './licensee.service';
import { ValidQuery } from './request-validation.pipe';
import type { PageByInventoryQuery } from './request.schemas';
import { CurrentSession, RequiresSession } from './session.guard';
import type { SessionRecord } from './simulator.store';

@Controller('v1/inventory')
@RequiresSession('licensee')
export class LicenseeController {
  constructor(private readonly licensee: LicenseeService) {}

  @Get('lab/test/result')
  listInventoryTestResults(@CurrentSession() session: SessionRecord, @ValidQuery('pageByInventory') query: PageByInventoryQuery) {
    return this.licensee.testResults(session, query);
  }

  @Get('lab/sample')
  listLicenseeLabSamples(@CurrentSession() session: SessionRecord, @ValidQuery('pageByInventory') query: PageByInventoryQuery) {
    return this.licensee.labSamples(session, query);
  }

  @Get('lab/sample/:id')
  getLicenseeLabSample(@CurrentSession() session: SessionRecord, @Param('id') id: string, @ValidQuery('none') _query: object) {
    return this.licensee.labSample(session, id);
  }

  @Get(':id')
  getInventory(@CurrentSession() session: SessionRecord, @Param('id') id: string, @ValidQuery('none') _query: object) {
    return this.licensee.inventory(session, id);
  }
}

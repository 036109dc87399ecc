import { Controller, Get } from '@nestjs/common';
import type { Test } from './biotrack.types';
import { ValidQuery } from './request-validation.pipe';
import { RequiresSession } from './session.guard';
import { SimulatorStore } from './simulator.store';

@Controller('v1/lab/test')
@RequiresSession('lab')
export class TestCatalogueController {
  constructor(private readonly store: SimulatorStore) {}

  @Get()
  listTests(@ValidQuery('none') _query: object): { Test: Test[] } {
    return { Test: this.store.catalogue.tests() };
  }
}

import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ControlService,
  EffectsQuerySchema,
  LabSampleDeletedBodySchema,
  MoveInventoryBodySchema,
  RegisterInventoryBodySchema,
  ResetBodySchema,
} from './control.service';
import { ControlBodyPipe, parseOrRefuse } from './request-validation.pipe';
import { FaultConfigSchema, TransferSeedSchema, type FaultConfig, type TransferSeed } from './simulator-options.schemas';
import { SimulatorStore } from './simulator.store';
import type { z } from 'zod';

/** Test-only control and inspection. No session, and no injected fault ever applies here. */
@Controller('_sim')
export class ControlController {
  constructor(
    private readonly control: ControlService,
    private readonly store: SimulatorStore,
  ) {}

  @Get('state')
  getState() {
    return this.control.state();
  }

  @Get('effects')
  listEffects(@Query() query: unknown) {
    return { effects: this.control.effects(parseOrRefuse(EffectsQuerySchema, query, 'query', false)) };
  }

  @Get('requests')
  listRequests() {
    return { requests: this.store.requestLog() };
  }

  @Get('faults')
  getFaults() {
    return { faults: this.control.faults() };
  }

  @Post('faults')
  @HttpCode(200)
  setFaults(@Body(new ControlBodyPipe(FaultConfigSchema)) faults: FaultConfig) {
    return { faults: this.control.setFaults(faults) };
  }

  @Post('reset')
  @HttpCode(200)
  reset(@Body(new ControlBodyPipe(ResetBodySchema, true)) body: z.infer<typeof ResetBodySchema>) {
    this.control.reset(body.seed);
    return this.control.state();
  }

  @Post('inventory')
  registerInventory(@Body(new ControlBodyPipe(RegisterInventoryBodySchema)) body: z.infer<typeof RegisterInventoryBodySchema>) {
    return { inventory: this.control.registerInventory(body.inventory) };
  }

  @Post('inventory/:id/move')
  @HttpCode(200)
  moveInventory(
    @Param('id') id: string,
    @Body(new ControlBodyPipe(MoveInventoryBodySchema)) body: z.infer<typeof MoveInventoryBodySchema>,
  ) {
    return { inventory: this.control.moveInventory(id, body.toLicense) };
  }

  @Post('transfers')
  createInboundTransfer(@Body(new ControlBodyPipe(TransferSeedSchema)) body: TransferSeed) {
    return { transfer: this.control.createInboundTransfer(body) };
  }

  @Post('lab-samples/:uid/deleted')
  @HttpCode(200)
  setLabSampleDeleted(
    @Param('uid') uid: string,
    @Body(new ControlBodyPipe(LabSampleDeletedBodySchema)) body: z.infer<typeof LabSampleDeletedBodySchema>,
  ) {
    return { labSample: this.control.setLabSampleDeleted(uid, body.deleted) };
  }

  @Post('sessions/expire')
  @HttpCode(200)
  expireSessions() {
    return { expired: this.control.expireSessions() };
  }
}

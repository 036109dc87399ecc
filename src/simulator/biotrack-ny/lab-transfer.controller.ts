import { Controller, Get, HttpCode, Param, Put, UseInterceptors } from '@nestjs/common';
import { AppliedButErrorInterceptor } from './applied-but-error.interceptor';
import { LabTransferService } from './lab-transfer.service';
import { ValidBody, ValidQuery } from './request-validation.pipe';
import type { PageQuery, ReceiveTransferBody } from './request.schemas';
import { CurrentSession, RequiresSession } from './session.guard';
import type { SessionRecord } from './simulator.store';

@Controller('v1/lab/inventory/transfer')
@RequiresSession('lab')
export class LabTransferController {
  constructor(private readonly transfers: LabTransferService) {}

  @Get('inbound')
  listInboundTransfers(@CurrentSession() session: SessionRecord, @ValidQuery('page') query: PageQuery) {
    return this.transfers.listInbound(session, query);
  }

  @Put(':id/receive')
  @HttpCode(200)
  @UseInterceptors(AppliedButErrorInterceptor)
  receiveTransfer(
    @CurrentSession() session: SessionRecord,
    @Param('id') id: string,
    @ValidBody('receiveTransfer', { optional: true }) body: ReceiveTransferBody,
  ) {
    return this.transfers.receive(session, id, body);
  }
}

import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../auth/actor';
import { LAB_STAFF } from '../auth/role';
import { Roles } from '../auth/roles.decorator';
import { ConfirmValuesDto } from './confirm-values.schemas';
import { ResultSetService } from './result-set.service';

/** The same confirmation for any draft: the rows a reader was unsure of, confirmed, corrected or dropped. */
@ApiTags('results')
@ApiBearerAuth()
@Controller('api/result-sets')
export class UnsureValuesController {
  constructor(private readonly resultSets: ResultSetService) {}

  @Post(':id/confirm')
  @HttpCode(200)
  @Roles(...LAB_STAFF)
  @ApiOperation({
    summary: 'Confirm, correct (`value`, `qualifier`, `unit`, `as` a catalog analyte) or `drop` values a reader was unsure of',
  })
  confirmUnsureValues(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: ConfirmValuesDto) {
    return this.resultSets.confirmValues(actor, id, dto);
  }
}

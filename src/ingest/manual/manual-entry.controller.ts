import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../../auth/actor';
import { LAB_STAFF } from '../../auth/role';
import { Roles } from '../../auth/roles.decorator';
import { ConfirmValuesDto } from '../../results/confirm-values.schemas';
import { ResultSetService } from '../../results/result-set.service';
import { ManualEntryDto } from './manual-entry.schemas';
import { ManualEntryService } from './manual-entry.service';
import { parseManualEntryForm } from './manual-entry.form';
import { RequireMultipart } from '../require-multipart.interceptor';

@ApiTags('manual entry')
@ApiBearerAuth()
@Controller('api/manual-results')
export class ManualEntryController {
  constructor(
    private readonly manual: ManualEntryService,
    private readonly resultSets: ResultSetService,
  ) {}

  @Post()
  @Roles(...LAB_STAFF)
  @ApiOperation({ summary: 'Results for product from a non-integrated source, as JSON' })
  createManualEntry(@CurrentActor() actor: Actor, @Body() dto: ManualEntryDto) {
    return this.manual.create(actor, dto);
  }

  @Post('with-certificate')
  @Roles(...LAB_STAFF)
  @UseInterceptors(RequireMultipart, FileInterceptor('file'))
  @ApiOperation({
    summary:
      'The same as multipart: field `entry` (JSON) and the paper certificate PDF as `file`, which pre-fills values a person then confirms',
  })
  createManualEntryWithCertificate(
    @CurrentActor() actor: Actor,
    @Body() body: unknown,
    @UploadedFile() file: Express.Multer.File | undefined,
  ) {
    const { entry, certificate } = parseManualEntryForm(body, file);
    return this.manual.create(actor, entry, certificate);
  }

  @Post(':id/confirm')
  @HttpCode(200)
  @Roles(...LAB_STAFF)
  @ApiOperation({ summary: 'Confirm (or correct) pre-filled values one by one' })
  confirmManualValues(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: ConfirmValuesDto) {
    return this.resultSets.confirmValues(actor, id, dto);
  }
}

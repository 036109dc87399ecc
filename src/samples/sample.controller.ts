import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../auth/actor';
import { LAB_STAFF, MANAGERS } from '../auth/role';
import { Roles } from '../auth/roles.decorator';
import {
  AssignLabIdsDto,
  CreateClientDto,
  CreateSampleDto,
  ListSamplesDto,
  UpdateClientDto,
  UpdateSampleDto,
} from './sample.schemas';
import { SampleService } from './sample.service';

@ApiTags('samples')
@ApiBearerAuth()
@Controller('api')
export class SampleController {
  constructor(private readonly samples: SampleService) {}

  @Post('clients')
  @Roles(...LAB_STAFF)
  @ApiOperation({ summary: 'Register a licensee the lab tests for' })
  createClient(@CurrentActor() actor: Actor, @Body() dto: CreateClientDto) {
    return this.samples.createClient(actor, dto);
  }

  @Get('clients')
  @Roles(...LAB_STAFF)
  @ApiOperation({ summary: 'List registered licensees' })
  listClients() {
    return this.samples.listClients();
  }

  @Patch('clients/:id')
  @Roles(...MANAGERS)
  @ApiOperation({ summary: "Change a licensee's name, address (printed on certificates), UBI or integration" })
  updateClient(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateClientDto) {
    return this.samples.updateClient(actor, id, dto);
  }

  @Post('samples/lab-ids')
  @Roles(...LAB_STAFF)
  @ApiOperation({ summary: 'Give many samples their lab sample ids at once (all or none)' })
  assignLabIds(@CurrentActor() actor: Actor, @Body() dto: AssignLabIdsDto) {
    return this.samples.assignLabIds(actor, dto);
  }

  @Post('samples')
  @Roles(...LAB_STAFF)
  @ApiOperation({ summary: 'Register a sample (set retestOf to the lab sample id it retests)' })
  createSample(@CurrentActor() actor: Actor, @Body() dto: CreateSampleDto) {
    return this.samples.create(actor, dto);
  }

  @Get('samples')
  @Roles(...LAB_STAFF)
  @ApiOperation({
    summary:
      'List samples, newest received first; search ids, product, client and batch; filter by client, product type, status, origin, received dates or transfer',
  })
  listSamples(@Query() query: ListSamplesDto) {
    return this.samples.list(query);
  }

  @Get('samples/:id')
  @Roles(...LAB_STAFF)
  @ApiOperation({ summary: 'One sample with its result sets, the sample it retests and its retests' })
  getSample(@Param('id', ParseUUIDPipe) id: string) {
    return this.samples.get(id);
  }

  @Patch('samples/:id')
  @Roles(...LAB_STAFF)
  @ApiOperation({ summary: 'Attach a UID, source lot, batch, product name or preparation data to a sample' })
  updateSample(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateSampleDto) {
    return this.samples.update(actor, id, dto);
  }
}

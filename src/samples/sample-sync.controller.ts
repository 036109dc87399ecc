import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../auth/actor';
import { LAB_STAFF } from '../auth/role';
import { Roles } from '../auth/roles.decorator';
import { SampleSyncService } from './sample-sync.service';

@ApiTags('samples')
@ApiBearerAuth()
@Controller('api/samples')
export class SampleSyncController {
  constructor(private readonly sync: SampleSyncService) {}

  @Post('sync')
  @HttpCode(200)
  @Roles(...LAB_STAFF)
  @ApiOperation({
    summary: 'Pull inbound sample transfers from the state system, register their samples and receive the transfers',
  })
  syncSamples(@CurrentActor() actor: Actor) {
    return this.sync.sync(actor.username);
  }

  @Get('sync')
  @Roles(...LAB_STAFF)
  @ApiOperation({ summary: 'Progress of the running sample sync, or the outcome of the last one' })
  syncProgress() {
    return this.sync.progress();
  }
}

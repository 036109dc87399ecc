import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../auth/actor';
import { MANAGERS } from '../auth/role';
import { Roles } from '../auth/roles.decorator';
import { ListSubmissionsDto, releaseSubmissionRequest } from './submission.schemas';
import { SubmissionService } from './submission.service';

@ApiTags('submissions')
@ApiBearerAuth()
@Controller('api/submissions')
export class SubmissionController {
  constructor(private readonly submissions: SubmissionService) {}

  @Get()
  @Roles(...MANAGERS)
  @ApiOperation({
    summary: 'The state-system outbox: status, attempts, last error, remote transaction, 48-hour deadline (late / near-late)',
  })
  listSubmissions(@Query() query: ListSubmissionsDto) {
    return this.submissions.list(query);
  }

  @Post(':id/release')
  @HttpCode(200)
  @Roles(...MANAGERS)
  @ApiOperation({
    summary: 'Release results held at awaiting_release in the state system (Metrc: irreversible; METRC_RELEASE=manual)',
    description:
      'Body (optional): `{note?, signature?}`. Two-person rule: 403 when the caller created, submitted or contributed to the result set, unless an admin allowed one-person approval.',
  })
  releaseSubmission(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: unknown) {
    return this.submissions.release(actor, id, releaseSubmissionRequest(body));
  }

  @Post(':id/retry')
  @HttpCode(200)
  @Roles(...MANAGERS)
  @ApiOperation({ summary: 'Send a dead (or waiting) submission again now, with a fresh attempt budget' })
  retrySubmission(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    return this.submissions.retry(actor, id);
  }
}

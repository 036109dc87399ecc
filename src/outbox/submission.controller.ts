import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../auth/actor';
import { MANAGERS } from '../auth/role';
import { Roles } from '../auth/roles.decorator';
import { ListSubmissionsDto, ReleaseSubmissionDto, releaseSubmissionRequest } from './submission.schemas';
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
      'Signed: `{"signature": {"password": "<your password>", "meaning": "<what it means>"}, "note"?: "..."}`; 400 without a signature, 401 for a wrong password (nothing changes), whatever token the request carries; a person without a password cannot sign (401, saying to set one). Two-person rule: 403 when the caller created, submitted or contributed to the result set, unless an admin allowed one-person approval. The signature covers the released result-set version and is printed on its certificate.',
  })
  @ApiBody({ type: ReleaseSubmissionDto })
  @ApiResponse({ status: 401, description: 'wrong signature password (or none to sign with): nothing changed' })
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

import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../auth/actor';
import { LAB_STAFF, MANAGERS } from '../auth/role';
import { Roles } from '../auth/roles.decorator';
import {
  ApproveResultSetDto,
  BULK_APPROVE_MAX,
  BulkApproveDto,
  ListResultSetsDto,
  ReleaseRequestDto,
  ResolveConflictDto,
  ResolveConflictsDto,
  SignedAmendResultSetDto,
  SignedRejectResultSetDto,
  approveRequest,
  releaseRequest,
} from './result-set.schemas';
import { ResultSetService } from './result-set.service';

const RELEASE_CHECK =
  'The release readiness check (GET :id/readiness) runs first: while a blocking item remains the answer is 409 with `readiness`, every item with its reason and fix. A manager may go on with a deliberately partial set (the client ordered only some panels) with `{"override": {"reason": "..."}}`: it covers missing panels only (never unsure, unconfirmed or conflicting values, nor what the state system would refuse), is audited and recorded in `meta.release.partial`, printed on the certificate. An override given at submit holds at approval while the same panels are missing.';

const SIGNED =
  'Signed: the body carries `"signature": {"password": "<your password>", "meaning": "<what it means>"}` (meaning 3–200 characters). Without one the answer is 400 (naming `signature`); with a wrong password 401 and nothing changes, whatever token the request carries. A person without a password (API-token or single-sign-on only) cannot sign (401, saying to set one). The signature (signer, full name, title, meaning, time, the version\'s content hash) is stored with the step and shown under `signatures` and in the audit event. ';

@ApiTags('result-sets')
@ApiBearerAuth()
@Controller('api/result-sets')
export class ResultSetController {
  constructor(private readonly resultSets: ResultSetService) {}

  @Post('approve')
  @HttpCode(200)
  @Roles(...MANAGERS)
  @ApiOperation({
    summary: `Approve up to ${BULK_APPROVE_MAX} sets with one signature → per set: approved (with its signature and outbox row) or refused with the reason`,
    description:
      SIGNED +
      'One password check, then each set is approved in its own transaction with its own signature record, exactly as approving it alone (readiness, two-person rule, `override`). The answer is 200 whenever the password checked out, even if every set was refused: `outcomes` lists each set in the order asked, refused ones with the `statusCode` and `message` approving it alone would have given. 400 for an empty list, more than 50 ids, or an id named twice.',
  })
  @ApiBody({ type: BulkApproveDto })
  @ApiResponse({ status: 401, description: 'wrong signature password: nothing was approved' })
  approveResultSets(@CurrentActor() actor: Actor, @Body() dto: BulkApproveDto) {
    return this.resultSets.approveMany(actor, dto);
  }

  @Get()
  @Roles(...LAB_STAFF)
  @ApiOperation({
    summary: 'List result sets, newest first; filter by status (or "rejected"), client, sample, verdict, creation date',
  })
  listResultSets(@Query() query: ListResultSetsDto) {
    return this.resultSets.list(query);
  }

  @Get(':id')
  @Roles(...LAB_STAFF)
  @ApiOperation({
    summary:
      'One result set with its results, provenance, contributors (two-person rule), conflicts, evaluation, versions and history',
  })
  getResultSet(@Param('id', ParseUUIDPipe) id: string) {
    return this.resultSets.get(id);
  }

  @Get(':id/readiness')
  @Roles(...LAB_STAFF)
  @ApiOperation({
    summary: 'What stands between a result set and its release, each item with its reason and fix',
    description:
      'Missing panels New York requires for the product type, unsure, unconfirmed, conflicting, indeterminate, no-limit and below-LOQ values, and what the configured state system would refuse or drop. `blocking` items stand in the way of release; `overridable` marks the missing panels a manager may release without (a partial set).',
  })
  getReadiness(@Param('id', ParseUUIDPipe) id: string) {
    return this.resultSets.readiness(id);
  }

  @Post(':id/submit')
  @HttpCode(200)
  @Roles(...LAB_STAFF)
  @ApiOperation({
    summary: 'Submit a draft for review; refused (409, with the readiness list) while anything blocks its release',
    description: RELEASE_CHECK,
  })
  @ApiBody({ type: ReleaseRequestDto, required: false })
  @ApiResponse({ status: 409, description: 'not a draft, or blocking readiness items remain (`readiness` lists them all)' })
  submitResultSet(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: unknown) {
    return this.resultSets.submit(actor, id, releaseRequest(body));
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Roles(...MANAGERS)
  @ApiOperation({
    summary: 'Approve (release) a set in review; queues it for the state system with its 48-hour deadline',
    description:
      SIGNED +
      'Two-person rule: 403 when the caller created, submitted or contributed results to this version (imported into it, entered, confirmed or corrected values, resolved a conflict, amended it; see `contributors`), unless an admin allowed one-person approval. The message names what the caller did. ' +
      RELEASE_CHECK,
  })
  @ApiResponse({ status: 401, description: 'wrong signature password (or none to sign with): nothing changed' })
  @ApiResponse({ status: 403, description: 'two-person rule: the caller created, submitted or contributed to this version' })
  @ApiBody({ type: ApproveResultSetDto })
  @ApiResponse({
    status: 409,
    description: 'not in review, conflicts between sources are unresolved, or blocking readiness items remain (`readiness`)',
  })
  approveResultSet(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: unknown) {
    return this.resultSets.approve(actor, id, approveRequest(body));
  }

  @Post(':id/reject')
  @HttpCode(200)
  @Roles(...MANAGERS)
  @ApiOperation({ summary: 'Return a set in review to draft, with the reason; signed', description: SIGNED })
  @ApiResponse({ status: 401, description: 'wrong signature password (or none to sign with): nothing changed' })
  rejectResultSet(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: SignedRejectResultSetDto) {
    return this.resultSets.reject(actor, id, dto);
  }

  @Post(':id/amend')
  @Roles(...MANAGERS)
  @ApiOperation({
    summary: 'Amend an approved set: a new draft version with the reason and the changed values; signed',
    description: SIGNED + 'The signature is recorded on the approved version amended (its content is fixed).',
  })
  @ApiResponse({ status: 401, description: 'wrong signature password (or none to sign with): nothing changed' })
  amendResultSet(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: SignedAmendResultSetDto) {
    return this.resultSets.amend(actor, id, dto);
  }

  @Post(':id/resolve-conflict')
  @HttpCode(200)
  @Roles(...LAB_STAFF)
  @ApiOperation({ summary: 'In a draft, keep the existing reading of an analyte or take a conflicting one, with a reason' })
  resolveConflict(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: ResolveConflictDto) {
    return this.resultSets.resolveConflict(actor, id, dto);
  }

  @Post(':id/resolve-conflicts')
  @HttpCode(200)
  @Roles(...LAB_STAFF)
  @ApiOperation({
    summary:
      'In a draft, resolve every conflict with a reading from one source file (take: its sha256), or keep every reading on the results (take: existing), with one reason → {set, resolved, untouched}',
  })
  resolveConflicts(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: ResolveConflictsDto) {
    return this.resultSets.resolveConflictsBySource(actor, id, dto);
  }
}

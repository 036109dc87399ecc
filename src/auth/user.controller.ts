import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from './actor';
import { Roles } from './roles.decorator';
import { ZodValidationPipe } from 'nestjs-zod';
import { CreateUserDto, IssueTokenDto, PasswordResetSchema, UpdateUserDto } from './user.schemas';
import { UserService } from './user.service';

@ApiTags('users')
@ApiBearerAuth()
@Controller('api/users')
export class UserController {
  constructor(private readonly users: UserService) {}

  @Post()
  @Roles('admin')
  @ApiOperation({
    summary:
      'Create a user; the response carries their API token and, without an initial password, a one-time set-password link (setPasswordLink), both shown only this once. A licensee with an e-mail address is sent the link when SMTP_URL is set.',
  })
  createUser(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto) {
    return this.users.create(actor, dto);
  }

  @Get()
  @Roles('admin')
  @ApiOperation({
    summary:
      'List users, each with lastSignInAt (ISO UTC, null when never) and lastSignInMethod (password, token, sso): their last sign-in to the pages',
  })
  listUsers() {
    return this.users.list();
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({
    summary:
      "Change a user's role, license number, full name, title or e-mail (audited before/after); the last active admin stays admin",
  })
  updateUser(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateUserDto) {
    return this.users.update(actor, id, dto);
  }

  @Post(':id/password-reset')
  @HttpCode(201)
  @Roles('admin')
  @ApiOperation({
    summary: "A new one-time set-password link for a user (shown once, 24 h); the user's earlier unused links stop working",
  })
  passwordReset(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body(new ZodValidationPipe(PasswordResetSchema)) _none: unknown,
  ) {
    return this.users.passwordReset(actor, id);
  }

  @Post(':id/tokens')
  @Roles('admin')
  @ApiOperation({ summary: 'Issue another API token for a user (shown once), optionally expiring after expiresInDays' })
  issueToken(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: IssueTokenDto) {
    return this.users.issueToken(actor, id, dto);
  }

  @Get(':id/tokens')
  @Roles('admin')
  @ApiOperation({ summary: "A user's tokens: ids, labels, when each was issued, expires or was revoked (never the tokens)" })
  listTokens(@Param('id', ParseUUIDPipe) id: string) {
    return this.users.listTokens(id);
  }

  @Delete(':id/tokens/:tokenId')
  @Roles('admin')
  @ApiOperation({ summary: "Revoke one of a user's tokens (audited); the user's other tokens stay valid" })
  revokeToken(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('tokenId', ParseUUIDPipe) tokenId: string,
  ) {
    return this.users.revokeToken(actor, id, tokenId);
  }

  @Post(':id/deactivate')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Deactivate a user and revoke all their tokens' })
  deactivateUser(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    return this.users.deactivate(actor, id);
  }
}

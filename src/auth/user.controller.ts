import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from './actor';
import { Roles } from './roles.decorator';
import { CreateUserDto, IssueTokenDto } from './user.schemas';
import { UserService } from './user.service';

@ApiTags('users')
@ApiBearerAuth()
@Controller('api/users')
export class UserController {
  constructor(private readonly users: UserService) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Create a user; the response carries their API token, shown only this once' })
  createUser(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto) {
    return this.users.create(actor, dto);
  }

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'List users' })
  listUsers() {
    return this.users.list();
  }

  @Post(':id/tokens')
  @Roles('admin')
  @ApiOperation({ summary: 'Issue another API token for a user (shown once)' })
  issueToken(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: IssueTokenDto) {
    return this.users.issueToken(actor, id, dto);
  }

  @Post(':id/deactivate')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Deactivate a user and revoke all their tokens' })
  deactivateUser(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    return this.users.deactivate(actor, id);
  }
}

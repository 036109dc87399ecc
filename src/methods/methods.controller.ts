import { Body, Controller, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../auth/actor';
import { LAB_STAFF, MANAGERS } from '../auth/role';
import { Roles } from '../auth/roles.decorator';
import { InvalidInput } from '../common/errors';
import { MethodDefinitionDto } from './methods.schemas';
import { MethodsService } from './methods.service';

@ApiTags('methods')
@ApiBearerAuth()
@Controller('api/methods')
export class MethodsController {
  constructor(private readonly methods: MethodsService) {}

  @Get()
  @Roles(...LAB_STAFF)
  @ApiOperation({ summary: 'Lab methods, the latest version of each' })
  listMethods() {
    return this.methods.list();
  }

  @Get(':key')
  @Roles(...LAB_STAFF)
  @ApiOperation({ summary: 'A method (latest version, or ?version=N); its `definition` is the JSON to export and import' })
  getMethod(@Param('key') key: string, @Query('version') version?: string) {
    if (version !== undefined && !/^\d+$/.test(version)) throw new InvalidInput('version', 'expected a version number');
    return this.methods.get(key, version === undefined ? undefined : Number(version));
  }

  @Get(':key/versions')
  @Roles(...LAB_STAFF)
  @ApiOperation({ summary: 'Every version of a method, newest first' })
  methodVersions(@Param('key') key: string) {
    return this.methods.versions(key);
  }

  @Post()
  @Roles(...MANAGERS)
  @ApiOperation({ summary: 'Create a method (or import an exported definition): 201 with version 1' })
  createMethod(@CurrentActor() actor: Actor, @Body() dto: MethodDefinitionDto) {
    return this.methods.create(actor.username, dto);
  }

  @Put(':key')
  @Roles(...MANAGERS)
  @ApiOperation({ summary: 'Change a method: stores the next version; earlier versions stay as they were' })
  updateMethod(@CurrentActor() actor: Actor, @Param('key') key: string, @Body() dto: MethodDefinitionDto) {
    return this.methods.update(actor.username, key, dto);
  }
}

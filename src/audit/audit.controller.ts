import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { MANAGERS } from '../auth/role';
import { AuditQueryDto } from './audit.schemas';
import { AuditService } from './audit.service';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Roles(...MANAGERS)
  @ApiOperation({ summary: 'The audit log, oldest first; filter by entity, actor, or after a sequence number' })
  listAuditEvents(@Query() query: AuditQueryDto) {
    return this.audit.list(query);
  }

  @Get('verify')
  @Roles(...MANAGERS)
  @ApiOperation({ summary: 'Verify the hash chain; reports the first broken link' })
  verifyAuditChain() {
    return this.audit.verify();
  }
}

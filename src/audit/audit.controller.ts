import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { MANAGERS } from '../auth/role';
import { AuditQueryDto } from './audit.schemas';
import { AuditService } from './audit.service';
import { SignedContentCheck } from './signed-content.check';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/audit')
export class AuditController {
  constructor(
    private readonly audit: AuditService,
    private readonly signed: SignedContentCheck,
  ) {}

  @Get()
  @Roles(...MANAGERS)
  @ApiOperation({ summary: 'The audit log, oldest first; filter by entity, actor, or after a sequence number' })
  listAuditEvents(@Query() query: AuditQueryDto) {
    return this.audit.list(query);
  }

  @Get('verify')
  @Roles(...MANAGERS)
  @ApiOperation({
    summary: 'Verify the hash chain and the signed content: reports the first broken link and every tampered signed set',
    description:
      '`ok` is false when a link breaks (`firstBroken`) or when a signed result-set version no longer hashes to what its signature recorded (`signatures.tampered`, each with the set id, version, signature and reason).',
  })
  verifyAuditChain() {
    return this.signed.verify();
  }
}

import { Global, Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';
import { SignedContentCheck } from './signed-content.check';

@Global()
@Module({ controllers: [AuditController], providers: [AuditService, SignedContentCheck], exports: [AuditService] })
export class AuditModule {}

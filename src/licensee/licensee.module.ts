import { Module } from '@nestjs/common';
import { StateSystemModule } from '../state-system/state-system.module';
import { FileStore } from '../files/file-store.service';
import { CertificateService } from './certificate.service';
import { HolderCheck } from './holder-check.service';
import { LicenseeAccounts } from './licensee-accounts';
import { LicenseeController } from './licensee.controller';
import { LicenseeService } from './licensee.service';
import { LicenseePortal } from './licensee-portal.service';

@Module({
  imports: [StateSystemModule],
  controllers: [LicenseeController],
  // FileStore is a stateless reader of the upload folder: the certificate attaches another lab's original from it.
  providers: [LicenseeAccounts, HolderCheck, LicenseeService, LicenseePortal, CertificateService, FileStore],
  exports: [LicenseeService, LicenseePortal, CertificateService],
})
export class LicenseeModule {}

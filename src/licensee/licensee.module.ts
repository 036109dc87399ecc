import { Module } from '@nestjs/common';
import { StateSystemModule } from '../state-system/state-system.module';
import { HolderCheck } from './holder-check.service';
import { LicenseeAccounts } from './licensee-accounts';
import { LicenseeController } from './licensee.controller';
import { LicenseeService } from './licensee.service';

@Module({
  imports: [StateSystemModule],
  controllers: [LicenseeController],
  providers: [LicenseeAccounts, HolderCheck, LicenseeService],
  exports: [LicenseeService],
})
export class LicenseeModule {}

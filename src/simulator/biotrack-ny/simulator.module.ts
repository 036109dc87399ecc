import { Module, type DynamicModule } from '@nestjs/common';
import { AppliedButErrorInterceptor } from './applied-but-error.interceptor';
import { ControlController } from './control.controller';
import { ControlService } from './control.service';
import { FaultInjector } from './fault-injector';
import { IdempotentWrites } from './idempotent-writes';
import { LabResultService } from './lab-result.service';
import { LabSampleController } from './lab-sample.controller';
import { LabSampleService } from './lab-sample.service';
import { LabTransferController } from './lab-transfer.controller';
import { LabTransferService } from './lab-transfer.service';
import { LicenseeController } from './licensee.controller';
import { LicenseeService } from './licensee.service';
import { LoginController } from './login.controller';
import { RequestSchemas } from './request-validation.pipe';
import { SessionGuard } from './session.guard';
import { SessionService } from './session.service';
import { SimulatorSettings } from './simulator-settings';
import { SimulatorStore } from './simulator.store';
import { TestCatalogueController } from './test-catalogue.controller';

/** The parts of one run built before Nest starts, so the caller keeps a handle on the same objects. */
export interface SimulatorRun {
  settings: SimulatorSettings;
  store: SimulatorStore;
  sessions: SessionService;
  faults: FaultInjector;
  control: ControlService;
}

@Module({})
export class SimulatorModule {
  static forRun(run: SimulatorRun): DynamicModule {
    return {
      module: SimulatorModule,
      controllers: [
        LoginController,
        LabTransferController,
        LabSampleController,
        TestCatalogueController,
        LicenseeController,
        ControlController,
      ],
      providers: [
        { provide: SimulatorSettings, useValue: run.settings },
        { provide: SimulatorStore, useValue: run.store },
        { provide: SessionService, useValue: run.sessions },
        { provide: FaultInjector, useValue: run.faults },
        { provide: ControlService, useValue: run.control },
        RequestSchemas,
        IdempotentWrites,
        LabSampleService,
        LabResultService,
        LabTransferService,
        LicenseeService,
        SessionGuard,
        AppliedButErrorInterceptor,
      ],
    };
  }
}

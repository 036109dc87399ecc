import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { AppExceptionFilter } from './common/http-exception.filter';
import { LoggingModule } from './common/logging.module';
import { AppValidationPipe } from './common/validation.pipe';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DbModule } from './db/db.module';
import { HealthModule } from './health/health.module';
import { IngestModule } from './ingest/ingest.module';
import { InstrumentTemplatesModule } from './instrument-templates/instrument-templates.module';
import { LicenseeModule } from './licensee/licensee.module';
import { ResultsModule } from './results/results.module';
import { SamplesModule } from './samples/samples.module';
import { NotificationsModule } from './notifications/notifications.module';
import { OutboxModule } from './outbox/outbox.module';
import { StateSystemModule } from './state-system/state-system.module';
import { WebModule } from './web/web.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        ScheduleModule.forRoot(),
        LoggingModule.forRoot(config),
        DbModule.forRoot(config),
        AuditModule,
        AuthModule,
        HealthModule,
        SamplesModule,
        ResultsModule,
        IngestModule,
        InstrumentTemplatesModule,
        StateSystemModule,
        OutboxModule,
        LicenseeModule,
        NotificationsModule,
        WebModule,
      ],
      providers: [
        { provide: APP_PIPE, useClass: AppValidationPipe },
        { provide: APP_FILTER, useClass: AppExceptionFilter },
      ],
    };
  }
}

import { type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { IngestModule } from '../ingest/ingest.module';
import { InstrumentTemplatesModule } from '../instrument-templates/instrument-templates.module';
import { MethodsModule } from '../methods/methods.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { OutboxModule } from '../outbox/outbox.module';
import { LicenseeModule } from '../licensee/licensee.module';
import { ResultsModule } from '../results/results.module';
import { SamplesModule } from '../samples/samples.module';
import { AssetsController } from './assets.page';
import { BellInterceptor } from './bell.interceptor';
import { ClientsPageController } from './clients.page';
import { DashboardPageController } from './dashboard.page';
import { DashboardService } from './dashboard.service';
import { IntakePageController } from './intake.page';
import { ImportPageService } from './import-page.service';
import { LicenseePageController } from './licensee.page';
import { LicenseePageService } from './licensee-page.service';
import { ManualEntryPageController } from './manual-entry.page';
import { NotificationsPageController } from './notifications.page';
import { MethodsPageController } from './methods.page';
import { OpenWorkPageController } from './open-work.page';
import { AmendmentPageController } from './amendment.page';
import { InstrumentTemplatesPageController } from './instrument-templates.page';
import { ReviewPageController } from './review.page';
import { ReviewPageService } from './review-page.service';
import { SamplesPageController } from './samples.page';
import { SessionPageController } from './session.page';
import { SetPasswordPageController } from './set-password.page';
import { SsoPageController } from './sso.page';
import { SsoService } from './sso.service';
import { SubmissionsPageController } from './submissions.page';
import { SubmissionsPageService } from './submissions-page.service';
import { UploadPageController } from './upload.page';
import { UploadService } from './upload.service';
import { UsersPageController } from './users.page';
import { ViewRenderer } from './view-renderer.service';
import { WebExceptionFilter } from './web-exception.filter';
import { WebSessionMiddleware } from './web-session.middleware';
import { WebSessionService } from './web-session.service';

const PAGES = [
  SessionPageController,
  SsoPageController,
  DashboardPageController,
  UploadPageController,
  ReviewPageController,
  SubmissionsPageController,
  ManualEntryPageController,
  LicenseePageController,
  MethodsPageController,
  InstrumentTemplatesPageController,
  SamplesPageController,
  IntakePageController,
  ClientsPageController,
  NotificationsPageController,
  OpenWorkPageController,
  AmendmentPageController,
  UsersPageController,
  SetPasswordPageController,
  AssetsController,
];

/** Server-rendered pages for technicians, managers and licensees, over the same services and roles as the API. */
@Module({
  imports: [
    AuthModule,
    SamplesModule,
    ResultsModule,
    IngestModule,
    MethodsModule,
    InstrumentTemplatesModule,
    LicenseeModule,
    OutboxModule,
    NotificationsModule,
  ],
  controllers: PAGES,
  providers: [
    WebSessionService,
    SsoService,
    ViewRenderer,
    WebExceptionFilter,
    BellInterceptor,
    DashboardService,
    ImportPageService,
    UploadService,
    ReviewPageService,
    SubmissionsPageService,
    LicenseePageService,
  ],
})
export class WebModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(WebSessionMiddleware).forRoutes(...PAGES);
  }
}

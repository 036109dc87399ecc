import { Module } from '@nestjs/common';
import { OutboxModule } from '../outbox/outbox.module';
import { NotificationMailer } from './notification-mailer';
import { NotificationService } from './notification.service';
import { NotificationsController } from './notifications.controller';

/** What needs a manager's action: the bell and page (web/), GET /api/notifications, and e-mail through SMTP_URL. */
@Module({
  imports: [OutboxModule],
  controllers: [NotificationsController],
  providers: [NotificationService, NotificationMailer],
  exports: [NotificationService, NotificationMailer],
})
export class NotificationsModule {}

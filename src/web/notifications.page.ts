import { Req } from '@nestjs/common';
import { MANAGERS } from '../auth/role';
import { AppConfig } from '../config/app-config';
import { NotificationService } from '../notifications/notification.service';
import { toNotificationsPageView } from './notifications.view';
import { ViewRenderer } from './view-renderer.service';
import type { WebRequest } from './web-request';
import { Page, WebController } from './web-route.decorators';

/** Everything the bell counts, by kind, each with where to act on it. */
@WebController('notifications')
export class NotificationsPageController {
  constructor(
    private readonly notifications: NotificationService,
    private readonly config: AppConfig,
    private readonly views: ViewRenderer,
  ) {}

  @Page('', MANAGERS)
  async notificationsPage(@Req() req: WebRequest) {
    const list = await this.notifications.current();
    const emailTo = this.config.mail
      ? 'Each new notification is also e-mailed once to the active managers and admins who have an e-mail address.'
      : null;
    return this.views.render(req, 'notifications', toNotificationsPageView(list, this.config.lab.timeZone, emailTo));
  }
}

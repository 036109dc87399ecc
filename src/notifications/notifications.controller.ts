import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { MANAGERS } from '../auth/role';
import { Roles } from '../auth/roles.decorator';
import { NotificationService } from './notification.service';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('api/notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationService) {}

  @Get()
  @Roles(...MANAGERS)
  @ApiOperation({
    summary:
      'What needs a manager now: submissions needing action, late and near-late against the 48-hour clock, sets waiting for review',
  })
  listNotifications() {
    return this.notifications.current();
  }
}

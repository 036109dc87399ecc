import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../auth/actor';
import { MANAGERS } from '../auth/role';
import { Roles } from '../auth/roles.decorator';
import { UpdateReviewSettingsDto } from './review-settings.schemas';
import { ReviewSettingsService } from './review-settings.service';

@ApiTags('settings')
@ApiBearerAuth()
@Controller('api/settings/review')
export class ReviewSettingsController {
  constructor(private readonly settings: ReviewSettingsService) {}

  @Get()
  @Roles(...MANAGERS)
  @ApiOperation({ summary: 'Review settings: whether one-person approval is allowed (off by default)' })
  getReviewSettings() {
    return this.settings.get();
  }

  @Put()
  @Roles('admin')
  @ApiOperation({ summary: 'Allow or forbid one-person approval (a manager approving their own work)' })
  updateReviewSettings(@CurrentActor() actor: Actor, @Body() dto: UpdateReviewSettingsDto) {
    return this.settings.update(actor, dto);
  }
}

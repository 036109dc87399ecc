import { Module } from '@nestjs/common';
import { OutboxModule } from '../outbox/outbox.module';
import { StateSystemModule } from '../state-system/state-system.module';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';

@Module({ imports: [StateSystemModule, OutboxModule], controllers: [HealthController], providers: [HealthService] })
export class HealthModule {}

import { Module } from '@nestjs/common';
import { StateSystemModule } from '../state-system/state-system.module';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';

@Module({ imports: [StateSystemModule], controllers: [HealthController], providers: [HealthService] })
export class HealthModule {}

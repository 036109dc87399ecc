import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { memoryStorage } from 'multer';
import { AppConfig } from '../config/app-config';
import { IngestModule } from '../ingest/ingest.module';
import { InstrumentTemplatesController } from './instrument-templates.controller';
import { InstrumentTemplatesService } from './instrument-templates.service';

@Module({
  imports: [
    IngestModule,
    MulterModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        storage: memoryStorage(),
        defParamCharset: 'utf8',
        limits: { fileSize: config.limits.maxUploadBytes, files: 1, fields: 10, fieldSize: 20_000 },
      }),
    }),
  ],
  controllers: [InstrumentTemplatesController],
  providers: [InstrumentTemplatesService],
  exports: [InstrumentTemplatesService],
})
export class InstrumentTemplatesModule {}

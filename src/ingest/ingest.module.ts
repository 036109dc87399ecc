import * as path from 'node:path';
import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { memoryStorage } from 'multer';
import { AuthModule } from '../auth/auth.module';
import { AppConfig } from '../config/app-config';
import { MethodsModule } from '../methods/methods.module';
import { ResultsModule } from '../results/results.module';
import { SamplesModule } from '../samples/samples.module';
import { FileStore } from '../files/file-store.service';
import { ImportController, UnmatchedQueueController } from './import.controller';
import { UnmatchedQueueService } from './unmatched-queue.service';
import { ImportService } from './import.service';
import { ManualEntryController } from './manual/manual-entry.controller';
import { ManualEntryService } from './manual/manual-entry.service';
import { CoaSourceAdapter } from './coa/coa.adapter';
import { loadCoaLayouts } from './coa/coa-layout.loader';
import { loadLabRegistry } from '../labs/lab-registry';
import { InstrumentSourceAdapter } from './instruments/instrument.adapter';
import { loadInstrumentTemplates } from './instruments/template-registry';
import { SOURCE_ADAPTERS, type SourceAdapter } from './source-adapter';
import { FolderWatcher } from './watch/folder-watcher';

@Module({
  imports: [
    AuthModule,
    SamplesModule,
    ResultsModule,
    MethodsModule,
    MulterModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        storage: memoryStorage(),
        // Browsers and HTTP clients send file names as UTF-8 bytes; busboy would read them as latin1.
        defParamCharset: 'utf8',
        limits: { fileSize: config.limits.maxUploadBytes, files: 1, fields: 20, fieldSize: 8192 },
      }),
    }),
  ],
  controllers: [ImportController, UnmatchedQueueController, ManualEntryController],
  providers: [
    FileStore,
    ImportService,
    UnmatchedQueueService,
    ManualEntryService,
    FolderWatcher,
    {
      provide: InstrumentSourceAdapter,
      inject: [AppConfig],
      useFactory: (config: AppConfig) =>
        new InstrumentSourceAdapter(
          loadInstrumentTemplates(path.join(config.templatesDir, 'instruments')),
          {
            maxRows: config.limits.importMaxRows,
            maxCells: 10_000_000,
            maxUncompressedBytes: config.limits.importMaxUncompressedBytes,
          },
          config.limits.importWorkerMinBytes,
        ),
    },
    {
      provide: CoaSourceAdapter,
      inject: [AppConfig],
      useFactory: (config: AppConfig) =>
        new CoaSourceAdapter(
          loadCoaLayouts(path.join(config.templatesDir, 'coa')),
          {
            maxBytes: config.limits.maxUploadBytes,
            maxPages: config.limits.pdfMaxPages,
            timeoutMs: config.limits.pdfTimeoutMs,
            maxGrowthMb: config.limits.pdfMaxMemoryMb,
          },
          loadLabRegistry(path.join(config.templatesDir, 'labs', 'ny-permitted-labs.json')),
        ),
    },
    {
      provide: SOURCE_ADAPTERS,
      inject: [InstrumentSourceAdapter, CoaSourceAdapter],
      useFactory: (...adapters: SourceAdapter[]) => adapters,
    },
  ],
  exports: [ImportService, UnmatchedQueueService, ManualEntryService, FileStore, CoaSourceAdapter, InstrumentSourceAdapter],
})
export class IngestModule {}

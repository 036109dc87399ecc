import * as path from 'node:path';
import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { memoryStorage } from 'multer';
import { AppConfig } from '../config/app-config';
import { ResultsModule } from '../results/results.module';
import { SamplesModule } from '../samples/samples.module';
import { FileStore } from './file-store.service';
import { ImportController } from './import.controller';
import { ImportService } from './import.service';
import { InstrumentSourceAdapter } from './instruments/instrument.adapter';
import { loadInstrumentTemplates } from './instruments/template-registry';
import { SOURCE_ADAPTERS, type SourceAdapter } from './source-adapter';
import { FolderWatcher } from './watch/folder-watcher';

@Module({
  imports: [
    SamplesModule,
    ResultsModule,
    MulterModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        storage: memoryStorage(),
        limits: { fileSize: config.limits.maxUploadBytes, files: 1, fields: 20, fieldSize: 8192 },
      }),
    }),
  ],
  controllers: [ImportController],
  providers: [
    FileStore,
    ImportService,
    FolderWatcher,
    {
      provide: InstrumentSourceAdapter,
      inject: [AppConfig],
      useFactory: (config: AppConfig) =>
        new InstrumentSourceAdapter(loadInstrumentTemplates(path.join(config.templatesDir, 'instruments')), {
          maxRows: config.limits.importMaxRows,
          maxCells: 10_000_000,
        }),
    },
    { provide: SOURCE_ADAPTERS, inject: [InstrumentSourceAdapter], useFactory: (...adapters: SourceAdapter[]) => adapters },
  ],
  exports: [ImportService, FileStore],
})
export class IngestModule {}

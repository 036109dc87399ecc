import * as fs from 'node:fs';
import { type DynamicModule, Injectable, Logger, Module, type OnModuleInit } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { AppConfig } from '../config/app-config';
import { buildOrmOptions } from './orm-options';

/** Applies pending migrations before anything else touches the database. */
@Injectable()
export class MigrationRunner implements OnModuleInit {
  private readonly logger = new Logger('Database');

  constructor(private readonly orm: MikroORM) {}

  async onModuleInit(): Promise<void> {
    const applied = await this.orm.getMigrator().up();
    if (applied.length) this.logger.log(`applied ${applied.length} migration(s): ${applied.map((m) => m.name).join(', ')}`);
  }
}

@Module({})
export class DbModule {
  static forRoot(config: AppConfig): DynamicModule {
    const options = buildOrmOptions(config.database);
    return {
      module: DbModule,
      imports: [
        MikroOrmModule.forRootAsync({
          driver: options.driver,
          useFactory: () => {
            if (config.database.type === 'sqlite') fs.mkdirSync(config.dataDir, { recursive: true });
            return { ...options, registerRequestContext: true };
          },
        }),
      ],
      providers: [MigrationRunner],
    };
  }
}

import * as fs from 'node:fs';
import * as path from 'node:path';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { parseLimitTable, selectLimitTable, type LimitTable } from '../limits';

/** The limit tables in `templates/limits/<jurisdiction>/<effective-date>.json`, validated once at start-up. */
@Injectable()
export class LimitTableStore implements OnModuleInit {
  private readonly logger = new Logger(LimitTableStore.name);
  private tables: LimitTable[] = [];

  constructor(private readonly config: AppConfig) {}

  onModuleInit(): void {
    const root = path.join(this.config.templatesDir, 'limits');
    const files = fs
      .readdirSync(root, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .flatMap((d) =>
        fs
          .readdirSync(path.join(root, d.name))
          .filter((f) => f.endsWith('.json'))
          .map((f) => path.join(root, d.name, f)),
      );
    this.tables = files.map((file) => parseLimitTable(JSON.parse(fs.readFileSync(file, 'utf8')) as unknown, file));
    this.logger.log(`loaded ${this.tables.length} limit table(s): ${this.tables.map((t) => t.id).join(', ')}`);
  }

  /** The New York table in force on the date tested (YYYY-MM-DD). */
  tableFor(testedOn: string, jurisdiction = 'NY'): LimitTable {
    return selectLimitTable(this.tables, { jurisdiction, testedOn });
  }

  list(): readonly LimitTable[] {
    return this.tables;
  }
}

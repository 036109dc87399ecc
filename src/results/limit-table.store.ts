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

  /**
   * The New York table in force on the date tested (YYYY-MM-DD). A date before the first table (a partner's or
   * supplier's certificate from before New York's rules) is judged by the first table: the product is released
   * here under New York's rules, and the evaluation names the table it applied.
   */
  tableFor(testedOn: string, jurisdiction = 'NY'): LimitTable {
    const first = this.tables
      .filter((t) => t.jurisdiction.toUpperCase() === jurisdiction.toUpperCase())
      .reduce<LimitTable | undefined>((a, t) => (a === undefined || t.effectiveDate < a.effectiveDate ? t : a), undefined);
    const date = first && /^\d{4}-\d{2}-\d{2}$/.test(testedOn) && testedOn < first.effectiveDate ? first.effectiveDate : testedOn;
    return selectLimitTable(this.tables, { jurisdiction, testedOn: date });
  }

  list(): readonly LimitTable[] {
    return this.tables;
  }
}

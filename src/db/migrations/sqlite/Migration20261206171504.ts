import { Migration } from '@mikro-orm/migrations';
import { moveUnmatchedOutOfSummaries } from '../import-unmatched-data';

export class Migration20261206171504 extends Migration {
  override async up(): Promise<void> {
    // Executed at once rather than queued: the data migration below needs the new table and columns.
    await this.execute(
      `create table \`import_unmatched\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`import_id\` text not null, \`position\` integer not null, \`reason\` text not null, \`message\` text not null, \`rows\` json not null, \`attached\` json null, constraint \`import_unmatched_import_id_foreign\` foreign key(\`import_id\`) references \`imports\`(\`id\`) on update cascade, primary key (\`id\`));`,
    );
    await this.execute(`create index \`import_unmatched_import_id_index\` on \`import_unmatched\` (\`import_id\`);`);
    await this.execute(
      `create unique index \`import_unmatched_import_id_position_unique\` on \`import_unmatched\` (\`import_id\`, \`position\`);`,
    );
    await this.execute(`alter table \`imports\` add column \`result_set_count\` integer not null default 0;`);
    await this.execute(`alter table \`imports\` add column \`unmatched_count\` integer not null default 0;`);
    await this.execute(`alter table \`imports\` add column \`open_unmatched_count\` integer not null default 0;`);
    await this.execute(`alter table \`imports\` add column \`unknown_analyte_count\` integer not null default 0;`);

    await moveUnmatchedOutOfSummaries((sql, params) => this.execute(sql, params), 'sqlite');
  }
}

import { Migration } from '@mikro-orm/migrations';
import { moveUnmatchedOutOfSummaries } from '../import-unmatched-data';

export class Migration20261206171533 extends Migration {
  override async up(): Promise<void> {
    // Executed at once rather than queued: the data migration below needs the new table and columns.
    await this.execute(
      `create table "import_unmatched" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "import_id" uuid not null, "position" int not null, "reason" varchar(40) not null, "message" text not null, "rows" jsonb not null, "attached" jsonb null, constraint "import_unmatched_pkey" primary key ("id"));`,
    );
    await this.execute(
      `alter table "import_unmatched" add constraint "import_unmatched_import_id_position_unique" unique ("import_id", "position");`,
    );

    await this.execute(
      `alter table "import_unmatched" add constraint "import_unmatched_import_id_foreign" foreign key ("import_id") references "imports" ("id") on update cascade;`,
    );

    await this.execute(
      `alter table "imports" add column "result_set_count" int not null default 0, add column "unmatched_count" int not null default 0, add column "open_unmatched_count" int not null default 0, add column "unknown_analyte_count" int not null default 0;`,
    );

    await moveUnmatchedOutOfSummaries((sql, params) => this.execute(sql, params), 'postgresql');
  }
}

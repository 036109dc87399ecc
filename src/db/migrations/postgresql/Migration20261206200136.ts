import { Migration } from '@mikro-orm/migrations';

/** An unmatched sample a person discarded with a reason leaves the open-work queue (issue 24). */
export class Migration20261206200136 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "import_unmatched" add column "discarded" jsonb null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "import_unmatched" drop column "discarded";`);
  }
}

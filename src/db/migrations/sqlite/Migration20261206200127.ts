import { Migration } from '@mikro-orm/migrations';

/** An unmatched sample a person discarded with a reason leaves the open-work queue (issue 24). */
export class Migration20261206200127 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table \`import_unmatched\` add column \`discarded\` json null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table \`import_unmatched\` drop column \`discarded\`;`);
  }
}

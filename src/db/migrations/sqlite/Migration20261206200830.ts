import { Migration } from '@mikro-orm/migrations';

export class Migration20261206200830 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table \`users\` add column \`email\` text null;`);
    this.addSql(`create unique index \`users_email_unique\` on \`users\` (\`email\`);`);
  }
}

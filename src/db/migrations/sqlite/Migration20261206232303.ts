import { Migration } from '@mikro-orm/migrations';

export class Migration20261206232303 extends Migration {
  override async up(): Promise<void> {
    // Users made before names were kept are named by their username until an admin gives the full name.
    this.addSql(`alter table \`users\` add column \`full_name\` text not null default '';`);
    this.addSql(`update \`users\` set \`full_name\` = \`username\`;`);
    this.addSql(`alter table \`users\` add column \`title\` text null;`);
    this.addSql(`alter table \`users\` add column \`password_hash\` text null;`);
    this.addSql(`alter table \`users\` add column \`password_changed_at\` datetime null;`);
  }
}

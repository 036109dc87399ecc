import { Migration } from '@mikro-orm/migrations';

export class Migration20261206232308 extends Migration {
  override async up(): Promise<void> {
    // Users made before names were kept are named by their username until an admin gives the full name.
    this.addSql(
      `alter table "users" add column "full_name" varchar(200) null, add column "title" varchar(200) null, add column "password_hash" varchar(300) null, add column "password_changed_at" timestamptz null;`,
    );
    this.addSql(`update "users" set "full_name" = "username";`);
    this.addSql(`alter table "users" alter column "full_name" set not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(
      `alter table "users" drop column "full_name", drop column "title", drop column "password_hash", drop column "password_changed_at";`,
    );
  }
}

import { Migration } from '@mikro-orm/migrations';

export class Migration20261206200839 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "users" add column "email" varchar(254) null;`);
    this.addSql(`alter table "users" add constraint "users_email_unique" unique ("email");`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "users" drop constraint "users_email_unique";`);
    this.addSql(`alter table "users" drop column "email";`);
  }
}

import { Migration } from '@mikro-orm/migrations';

export class Migration20261207025925 extends Migration {
  override async up(): Promise<void> {
    // Every signature made before single sign-on could confirm a signer was made with the password.
    this.addSql(`alter table "signatures" add column "authenticated_by" varchar(16) not null default 'password';`);
    this.addSql(`alter table "signatures" alter column "authenticated_by" drop default;`);
    this.addSql(`alter table "web_sessions" add column "sso_confirmed_at" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "signatures" drop column "authenticated_by";`);
    this.addSql(`alter table "web_sessions" drop column "sso_confirmed_at";`);
  }
}

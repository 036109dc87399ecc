import { Migration } from '@mikro-orm/migrations';

export class Migration20261206233213 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "set_password_links" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "user_id" uuid not null, "token_hash" varchar(64) not null, "purpose" text check ("purpose" in ('invitation', 'reset')) not null, "expires_at" timestamptz not null, "used_at" timestamptz null, "revoked_at" timestamptz null, "issued_by" varchar(100) not null, constraint "set_password_links_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "set_password_links" add constraint "set_password_links_token_hash_unique" unique ("token_hash");`);

    this.addSql(
      `alter table "set_password_links" add constraint "set_password_links_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "set_password_links" cascade;`);
  }
}

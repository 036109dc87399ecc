import { Migration } from '@mikro-orm/migrations';

export class Migration20261206234822 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "web_sessions" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "id_hash" varchar(64) not null, "user_id" uuid not null, "method" text check ("method" in ('password', 'token', 'sso')) not null, "api_token_id" uuid null, "csrf_token" varchar(64) not null, "last_seen_at" timestamptz not null, "expires_at" timestamptz not null, "flash" jsonb not null, "kept_form" jsonb null, constraint "web_sessions_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "web_sessions" add constraint "web_sessions_id_hash_unique" unique ("id_hash");`);
    this.addSql(`create index "web_sessions_user_id_index" on "web_sessions" ("user_id");`);
    this.addSql(`create index "web_sessions_api_token_id_index" on "web_sessions" ("api_token_id");`);
    this.addSql(`create index "web_sessions_expires_at_index" on "web_sessions" ("expires_at");`);
    this.addSql(`create index "web_sessions_user_id_created_at_index" on "web_sessions" ("user_id", "created_at");`);

    this.addSql(
      `alter table "web_sessions" add constraint "web_sessions_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "web_sessions" add constraint "web_sessions_api_token_id_foreign" foreign key ("api_token_id") references "api_tokens" ("id") on update cascade on delete cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "web_sessions" cascade;`);
  }
}

import { Migration } from '@mikro-orm/migrations';

export class Migration20261206233948 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "signatures" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "signer_id" uuid not null, "username" varchar(100) not null, "full_name" varchar(200) not null, "title" varchar(200) null, "meaning" varchar(200) not null, "action" varchar(16) not null, "signed_at" timestamptz not null, "result_set_id" uuid not null, "result_set_version" int not null, "content_hash" varchar(64) not null, "submission_id" uuid null, constraint "signatures_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "signatures_result_set_id_index" on "signatures" ("result_set_id");`);

    this.addSql(
      `alter table "signatures" add constraint "signatures_result_set_id_foreign" foreign key ("result_set_id") references "result_sets" ("id") on update cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "signatures" cascade;`);
  }
}

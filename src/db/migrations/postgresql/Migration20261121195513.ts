import { Migration } from '@mikro-orm/migrations';

export class Migration20261121195513 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "settings" ("key" varchar(80) not null, "value" jsonb not null, "updated_by" varchar(140) not null, "updated_at" timestamptz not null, constraint "settings_pkey" primary key ("key"));`,
    );

    this.addSql(`alter table "result_sets" add constraint "result_sets_amends_id_unique" unique ("amends_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "settings" cascade;`);

    this.addSql(`alter table "result_sets" drop constraint "result_sets_amends_id_unique";`);
  }
}

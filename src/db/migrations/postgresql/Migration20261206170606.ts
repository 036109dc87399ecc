import { Migration } from '@mikro-orm/migrations';

export class Migration20261206170606 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "lab_methods" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "key" varchar(80) not null, "version" int not null, "definition" jsonb not null, "created_by" varchar(140) not null, constraint "lab_methods_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "lab_methods" add constraint "lab_methods_key_version_unique" unique ("key", "version");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "lab_methods" cascade;`);
  }
}

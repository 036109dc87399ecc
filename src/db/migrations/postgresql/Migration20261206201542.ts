import { Migration } from '@mikro-orm/migrations';

export class Migration20261206201542 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "lab_instrument_templates" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "template_id" varchar(80) not null, "version" int not null, "definition" jsonb not null, "retired" boolean not null default false, "created_by" varchar(140) not null, constraint "lab_instrument_templates_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "lab_instrument_templates" add constraint "lab_instrument_templates_template_id_version_unique" unique ("template_id", "version");`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "lab_instrument_templates" cascade;`);
  }
}

import { Migration } from '@mikro-orm/migrations';

export class Migration20261206164618 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "sample_aliases" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "alias" varchar(64) not null, "sample_id" uuid not null, "created_by" varchar(140) not null, constraint "sample_aliases_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "sample_aliases" add constraint "sample_aliases_alias_unique" unique ("alias");`);

    this.addSql(
      `alter table "sample_aliases" add constraint "sample_aliases_sample_id_foreign" foreign key ("sample_id") references "samples" ("id") on update cascade;`,
    );

    this.addSql(`alter table "clients" add column "address" text null;`);

    this.addSql(
      `alter table "samples" add column "collected_at" timestamptz null, add column "remediated_lot" boolean not null default false, add column "state_manifest_id" varchar(64) null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "sample_aliases" cascade;`);

    this.addSql(`alter table "clients" drop column "address";`);

    this.addSql(
      `alter table "samples" drop column "collected_at", drop column "remediated_lot", drop column "state_manifest_id";`,
    );
  }
}

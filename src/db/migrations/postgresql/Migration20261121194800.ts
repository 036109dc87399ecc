import { Migration } from '@mikro-orm/migrations';

export class Migration20261121194800 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "audit_events" ("sequence" int not null, "occurred_at" timestamptz not null, "actor" varchar(140) not null, "action" varchar(80) not null, "entity_type" varchar(60) not null, "entity_id" varchar(64) not null, "before" jsonb null, "after" jsonb null, "prev_hash" varchar(64) not null, "hash" varchar(64) not null, constraint "audit_events_pkey" primary key ("sequence"));`,
    );
    this.addSql(`alter table "audit_events" add constraint "audit_events_hash_unique" unique ("hash");`);
    this.addSql(`create index "audit_events_entity_type_entity_id_index" on "audit_events" ("entity_type", "entity_id");`);

    this.addSql(
      `create table "clients" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "license_number" varchar(64) not null, "name" varchar(200) not null, "ubi" varchar(64) null, "integrated" boolean not null default true, constraint "clients_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "clients" add constraint "clients_license_number_unique" unique ("license_number");`);

    this.addSql(
      `create table "samples" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "lab_sample_id" varchar(64) not null, "uid" varchar(16) null, "source_uid" varchar(16) null, "client_id" uuid not null, "batch" varchar(100) null, "product_name" varchar(300) null, "product_type" varchar(32) not null, "route" varchar(16) not null, "received_at" timestamptz null, "origin" text check ("origin" in ('state-system', 'manual', 'lab')) not null default 'lab', "label_claims" jsonb null, "servings_per_package" varchar(32) null, "prep" jsonb null, "retest_of_id" uuid null, "state_sample_id" int null, "state_transfer_id" varchar(64) null, constraint "samples_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "samples" add constraint "samples_lab_sample_id_unique" unique ("lab_sample_id");`);
    this.addSql(`alter table "samples" add constraint "samples_uid_unique" unique ("uid");`);
    this.addSql(`create index "samples_source_uid_index" on "samples" ("source_uid");`);
    this.addSql(`create index "samples_batch_index" on "samples" ("batch");`);

    this.addSql(
      `create table "result_sets" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "sample_id" uuid not null, "version" int not null default 1, "status" text check ("status" in ('draft', 'in_review', 'approved', 'superseded')) not null default 'draft', "amends_id" uuid null, "amendment_reason" text null, "origin" varchar(20) not null, "created_by" varchar(140) not null, "submitted_by" varchar(140) null, "approved_by" varchar(140) null, "approved_at" timestamptz null, "rejection_reason" text null, "evaluation" jsonb null, "verdict" varchar(16) null, "meta" jsonb null, constraint "result_sets_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "result_sets_status_index" on "result_sets" ("status");`);

    this.addSql(
      `create table "source_files" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "sha256" varchar(64) not null, "name" varchar(255) not null, "size" int not null, "mime_type" varchar(127) null, "uploaded_by" varchar(140) not null, constraint "source_files_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "source_files" add constraint "source_files_sha256_unique" unique ("sha256");`);

    this.addSql(
      `create table "results" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "result_set_id" uuid not null, "panel" varchar(32) not null, "analyte" varchar(80) not null, "name" varchar(200) not null, "value" varchar(40) null, "qualifier" varchar(12) null, "unit" varchar(16) not null, "reported_value" varchar(80) not null, "reported_unit" varchar(32) not null, "loq" varchar(40) null, "limit" varchar(40) null, "limit_text" varchar(80) null, "status" varchar(16) not null, "applied_limit" jsonb null, "provenance" jsonb not null, "source_file_id" uuid null, "conflict" jsonb null, "unsure" text null, "derived" boolean not null, "confirmed_by" varchar(140) null, "confirmed_at" timestamptz null, constraint "results_pkey" primary key ("id"));`,
    );

    this.addSql(
      `create table "imports" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "source_file_id" uuid not null, "status" text check ("status" in ('imported', 'rejected')) not null, "template" varchar(100) null, "adapter" varchar(20) null, "summary" jsonb not null, "error" text null, "created_by" varchar(140) not null, constraint "imports_pkey" primary key ("id"));`,
    );

    this.addSql(
      `create table "submissions" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "result_set_id" uuid not null, "target" varchar(32) not null, "kind" varchar(16) not null, "payload" jsonb not null, "status" text check ("status" in ('pending', 'sending', 'accepted', 'retry', 'dead')) not null, "attempts" int not null, "next_attempt_at" timestamptz not null, "last_error" text null, "remote_transaction_id" varchar(64) null, "idempotency_key" varchar(64) not null, "deadline_at" timestamptz not null, "accepted_at" timestamptz null, "locked_by" varchar(64) null, "locked_until" timestamptz null, constraint "submissions_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "submissions" add constraint "submissions_idempotency_key_unique" unique ("idempotency_key");`);
    this.addSql(`create index "submissions_status_next_attempt_at_index" on "submissions" ("status", "next_attempt_at");`);

    this.addSql(
      `create table "users" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "username" varchar(100) not null, "role" text check ("role" in ('technician', 'manager', 'licensee', 'admin')) not null, "license_number" varchar(64) null, "active" boolean not null default true, constraint "users_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "users" add constraint "users_username_unique" unique ("username");`);

    this.addSql(
      `create table "api_tokens" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "user_id" uuid not null, "token_hash" varchar(64) not null, "label" varchar(100) null, "last_used_at" timestamptz null, "revoked_at" timestamptz null, constraint "api_tokens_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "api_tokens" add constraint "api_tokens_token_hash_unique" unique ("token_hash");`);

    this.addSql(
      `alter table "samples" add constraint "samples_client_id_foreign" foreign key ("client_id") references "clients" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "samples" add constraint "samples_retest_of_id_foreign" foreign key ("retest_of_id") references "samples" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "result_sets" add constraint "result_sets_sample_id_foreign" foreign key ("sample_id") references "samples" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "result_sets" add constraint "result_sets_amends_id_foreign" foreign key ("amends_id") references "result_sets" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "results" add constraint "results_result_set_id_foreign" foreign key ("result_set_id") references "result_sets" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "results" add constraint "results_source_file_id_foreign" foreign key ("source_file_id") references "source_files" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "imports" add constraint "imports_source_file_id_foreign" foreign key ("source_file_id") references "source_files" ("id") on update cascade;`,
    );

    this.addSql(
      `alter table "submissions" add constraint "submissions_result_set_id_foreign" foreign key ("result_set_id") references "result_sets" ("id") on update cascade;`,
    );

    this.addSql(
      `alter table "api_tokens" add constraint "api_tokens_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "samples" drop constraint "samples_client_id_foreign";`);

    this.addSql(`alter table "samples" drop constraint "samples_retest_of_id_foreign";`);

    this.addSql(`alter table "result_sets" drop constraint "result_sets_sample_id_foreign";`);

    this.addSql(`alter table "result_sets" drop constraint "result_sets_amends_id_foreign";`);

    this.addSql(`alter table "results" drop constraint "results_result_set_id_foreign";`);

    this.addSql(`alter table "submissions" drop constraint "submissions_result_set_id_foreign";`);

    this.addSql(`alter table "results" drop constraint "results_source_file_id_foreign";`);

    this.addSql(`alter table "imports" drop constraint "imports_source_file_id_foreign";`);

    this.addSql(`alter table "api_tokens" drop constraint "api_tokens_user_id_foreign";`);

    this.addSql(`drop table if exists "audit_events" cascade;`);

    this.addSql(`drop table if exists "clients" cascade;`);

    this.addSql(`drop table if exists "samples" cascade;`);

    this.addSql(`drop table if exists "result_sets" cascade;`);

    this.addSql(`drop table if exists "source_files" cascade;`);

    this.addSql(`drop table if exists "results" cascade;`);

    this.addSql(`drop table if exists "imports" cascade;`);

    this.addSql(`drop table if exists "submissions" cascade;`);

    this.addSql(`drop table if exists "users" cascade;`);

    this.addSql(`drop table if exists "api_tokens" cascade;`);
  }
}

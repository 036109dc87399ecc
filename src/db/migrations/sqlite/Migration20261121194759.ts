import { Migration } from '@mikro-orm/migrations';

export class Migration20261121194759 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`audit_events\` (\`sequence\` integer not null, \`occurred_at\` datetime not null, \`actor\` text not null, \`action\` text not null, \`entity_type\` text not null, \`entity_id\` text not null, \`before\` json null, \`after\` json null, \`prev_hash\` text not null, \`hash\` text not null, primary key (\`sequence\`));`,
    );
    this.addSql(`create unique index \`audit_events_hash_unique\` on \`audit_events\` (\`hash\`);`);
    this.addSql(
      `create index \`audit_events_entity_type_entity_id_index\` on \`audit_events\` (\`entity_type\`, \`entity_id\`);`,
    );

    this.addSql(
      `create table \`clients\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`license_number\` text not null, \`name\` text not null, \`ubi\` text null, \`integrated\` integer not null default true, primary key (\`id\`));`,
    );
    this.addSql(`create unique index \`clients_license_number_unique\` on \`clients\` (\`license_number\`);`);

    this.addSql(
      `create table \`samples\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`lab_sample_id\` text not null, \`uid\` text null, \`source_uid\` text null, \`client_id\` text not null, \`batch\` text null, \`product_name\` text null, \`product_type\` text not null, \`route\` text not null, \`received_at\` datetime null, \`origin\` text check (\`origin\` in ('state-system', 'manual', 'lab')) not null default 'lab', \`label_claims\` json null, \`servings_per_package\` text null, \`prep\` json null, \`retest_of_id\` text null, \`state_sample_id\` integer null, \`state_transfer_id\` text null, constraint \`samples_client_id_foreign\` foreign key(\`client_id\`) references \`clients\`(\`id\`) on update cascade, constraint \`samples_retest_of_id_foreign\` foreign key(\`retest_of_id\`) references \`samples\`(\`id\`) on delete set null on update cascade, primary key (\`id\`));`,
    );
    this.addSql(`create unique index \`samples_lab_sample_id_unique\` on \`samples\` (\`lab_sample_id\`);`);
    this.addSql(`create unique index \`samples_uid_unique\` on \`samples\` (\`uid\`);`);
    this.addSql(`create index \`samples_client_id_index\` on \`samples\` (\`client_id\`);`);
    this.addSql(`create index \`samples_retest_of_id_index\` on \`samples\` (\`retest_of_id\`);`);
    this.addSql(`create index \`samples_source_uid_index\` on \`samples\` (\`source_uid\`);`);
    this.addSql(`create index \`samples_batch_index\` on \`samples\` (\`batch\`);`);

    this.addSql(
      `create table \`result_sets\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`sample_id\` text not null, \`version\` integer not null default 1, \`status\` text check (\`status\` in ('draft', 'in_review', 'approved', 'superseded')) not null default 'draft', \`amends_id\` text null, \`amendment_reason\` text null, \`origin\` text not null, \`created_by\` text not null, \`submitted_by\` text null, \`approved_by\` text null, \`approved_at\` datetime null, \`rejection_reason\` text null, \`evaluation\` json null, \`verdict\` text null, \`meta\` json null, constraint \`result_sets_sample_id_foreign\` foreign key(\`sample_id\`) references \`samples\`(\`id\`) on update cascade, constraint \`result_sets_amends_id_foreign\` foreign key(\`amends_id\`) references \`result_sets\`(\`id\`) on delete set null on update cascade, primary key (\`id\`));`,
    );
    this.addSql(`create index \`result_sets_sample_id_index\` on \`result_sets\` (\`sample_id\`);`);
    this.addSql(`create index \`result_sets_amends_id_index\` on \`result_sets\` (\`amends_id\`);`);
    this.addSql(`create index \`result_sets_status_index\` on \`result_sets\` (\`status\`);`);

    this.addSql(
      `create table \`source_files\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`sha256\` text not null, \`name\` text not null, \`size\` integer not null, \`mime_type\` text null, \`uploaded_by\` text not null, primary key (\`id\`));`,
    );
    this.addSql(`create unique index \`source_files_sha256_unique\` on \`source_files\` (\`sha256\`);`);

    this.addSql(
      `create table \`results\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`result_set_id\` text not null, \`panel\` text not null, \`analyte\` text not null, \`name\` text not null, \`value\` text null, \`qualifier\` text null, \`unit\` text not null, \`reported_value\` text not null, \`reported_unit\` text not null, \`loq\` text null, \`limit\` text null, \`limit_text\` text null, \`status\` text not null, \`applied_limit\` json null, \`provenance\` json not null, \`source_file_id\` text null, \`conflict\` json null, \`unsure\` text null, \`derived\` integer not null, \`confirmed_by\` text null, \`confirmed_at\` datetime null, constraint \`results_result_set_id_foreign\` foreign key(\`result_set_id\`) references \`result_sets\`(\`id\`) on delete cascade on update cascade, constraint \`results_source_file_id_foreign\` foreign key(\`source_file_id\`) references \`source_files\`(\`id\`) on delete set null on update cascade, primary key (\`id\`));`,
    );
    this.addSql(`create index \`results_result_set_id_index\` on \`results\` (\`result_set_id\`);`);
    this.addSql(`create index \`results_source_file_id_index\` on \`results\` (\`source_file_id\`);`);

    this.addSql(
      `create table \`imports\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`source_file_id\` text not null, \`status\` text check (\`status\` in ('imported', 'rejected')) not null, \`template\` text null, \`adapter\` text null, \`summary\` json not null, \`error\` text null, \`created_by\` text not null, constraint \`imports_source_file_id_foreign\` foreign key(\`source_file_id\`) references \`source_files\`(\`id\`) on update cascade, primary key (\`id\`));`,
    );
    this.addSql(`create index \`imports_source_file_id_index\` on \`imports\` (\`source_file_id\`);`);

    this.addSql(
      `create table \`submissions\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`result_set_id\` text not null, \`target\` text not null, \`kind\` text not null, \`payload\` json not null, \`status\` text check (\`status\` in ('pending', 'sending', 'accepted', 'retry', 'dead')) not null, \`attempts\` integer not null, \`next_attempt_at\` datetime not null, \`last_error\` text null, \`remote_transaction_id\` text null, \`idempotency_key\` text not null, \`deadline_at\` datetime not null, \`accepted_at\` datetime null, \`locked_by\` text null, \`locked_until\` datetime null, constraint \`submissions_result_set_id_foreign\` foreign key(\`result_set_id\`) references \`result_sets\`(\`id\`) on update cascade, primary key (\`id\`));`,
    );
    this.addSql(`create index \`submissions_result_set_id_index\` on \`submissions\` (\`result_set_id\`);`);
    this.addSql(`create unique index \`submissions_idempotency_key_unique\` on \`submissions\` (\`idempotency_key\`);`);
    this.addSql(
      `create index \`submissions_status_next_attempt_at_index\` on \`submissions\` (\`status\`, \`next_attempt_at\`);`,
    );

    this.addSql(
      `create table \`users\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`username\` text not null, \`role\` text check (\`role\` in ('technician', 'manager', 'licensee', 'admin')) not null, \`license_number\` text null, \`active\` integer not null default true, primary key (\`id\`));`,
    );
    this.addSql(`create unique index \`users_username_unique\` on \`users\` (\`username\`);`);

    this.addSql(
      `create table \`api_tokens\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`user_id\` text not null, \`token_hash\` text not null, \`label\` text null, \`last_used_at\` datetime null, \`revoked_at\` datetime null, constraint \`api_tokens_user_id_foreign\` foreign key(\`user_id\`) references \`users\`(\`id\`) on delete cascade on update cascade, primary key (\`id\`));`,
    );
    this.addSql(`create index \`api_tokens_user_id_index\` on \`api_tokens\` (\`user_id\`);`);
    this.addSql(`create unique index \`api_tokens_token_hash_unique\` on \`api_tokens\` (\`token_hash\`);`);
  }
}

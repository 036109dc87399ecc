import { Migration } from '@mikro-orm/migrations';

/**
 * The outbox becomes vendor-neutral: a submission records its state system (`target`) and endpoint (`simulator` or
 * the live base URL), the protocol step it is at and what earlier steps returned, and may wait for a person
 * (`awaiting_release`, `manual_correction_required`). Rows queued with target `simulator` were BioTrack NY's
 * simulator; live BioTrack rows did not record their URL and get the endpoint `live`, which any live instance sends.
 * SQLite cannot change a check constraint in place, so the table is rebuilt.
 */
export class Migration20261206164512 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`pragma foreign_keys = off;`);
    this.addSql(
      `create table \`submissions__temp_alter\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`result_set_id\` text not null, \`target\` text not null, \`endpoint\` text not null default 'simulator', \`step\` text null, \`step_state\` json null, \`kind\` text not null, \`payload\` json not null, \`status\` text check (\`status\` in ('pending', 'sending', 'accepted', 'retry', 'dead', 'awaiting_release', 'manual_correction_required')) not null, \`attempts\` integer not null, \`next_attempt_at\` datetime not null, \`last_error\` text null, \`remote_transaction_id\` text null, \`idempotency_key\` text not null, \`deadline_at\` datetime not null, \`accepted_at\` datetime null, \`locked_by\` text null, \`locked_until\` datetime null, constraint \`submissions_result_set_id_foreign\` foreign key(\`result_set_id\`) references \`result_sets\`(\`id\`) on update cascade, primary key (\`id\`));`,
    );
    this.addSql(
      `insert into \`submissions__temp_alter\` select \`id\`, \`created_at\`, \`updated_at\`, \`result_set_id\`, case \`target\` when 'simulator' then 'biotrack-ny' else \`target\` end, case \`target\` when 'simulator' then 'simulator' else 'live' end, null, null, \`kind\`, \`payload\`, \`status\`, \`attempts\`, \`next_attempt_at\`, \`last_error\`, \`remote_transaction_id\`, \`idempotency_key\`, \`deadline_at\`, \`accepted_at\`, \`locked_by\`, \`locked_until\` from \`submissions\`;`,
    );
    this.addSql(`drop table \`submissions\`;`);
    this.addSql(`alter table \`submissions__temp_alter\` rename to \`submissions\`;`);
    this.addSql(`create index \`submissions_result_set_id_index\` on \`submissions\` (\`result_set_id\`);`);
    this.addSql(`create unique index \`submissions_idempotency_key_unique\` on \`submissions\` (\`idempotency_key\`);`);
    this.addSql(
      `create index \`submissions_status_next_attempt_at_index\` on \`submissions\` (\`status\`, \`next_attempt_at\`);`,
    );
    this.addSql(`pragma foreign_keys = on;`);
  }
}

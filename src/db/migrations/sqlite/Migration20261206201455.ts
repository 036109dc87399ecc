import { Migration } from '@mikro-orm/migrations';

/**
 * A submission the state system refused for a reason a person must fix stops at `needs_action` with the `action` to
 * take (amend, register the sample, contact the regulator, fix the setup), never "gave up"; `superseded` marks one an
 * approved amendment's submission replaced before the state system took it. SQLite cannot change a check constraint
 * in place, so the table is rebuilt.
 */
export class Migration20261206201455 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`pragma foreign_keys = off;`);
    this.addSql(
      `create table \`submissions__temp_alter\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`result_set_id\` text not null, \`target\` text not null, \`endpoint\` text not null default 'simulator', \`step\` text null, \`step_state\` json null, \`kind\` text not null, \`payload\` json not null, \`status\` text check (\`status\` in ('pending', 'sending', 'accepted', 'retry', 'dead', 'awaiting_release', 'manual_correction_required', 'needs_action', 'superseded')) not null, \`attempts\` integer not null, \`next_attempt_at\` datetime not null, \`last_error\` text null, \`remote_transaction_id\` text null, \`idempotency_key\` text not null, \`deadline_at\` datetime not null, \`accepted_at\` datetime null, \`locked_by\` text null, \`locked_until\` datetime null, \`action\` text null, constraint \`submissions_result_set_id_foreign\` foreign key(\`result_set_id\`) references \`result_sets\`(\`id\`) on update cascade, primary key (\`id\`));`,
    );
    this.addSql(
      `insert into \`submissions__temp_alter\` select \`id\`, \`created_at\`, \`updated_at\`, \`result_set_id\`, \`target\`, \`endpoint\`, \`step\`, \`step_state\`, \`kind\`, \`payload\`, \`status\`, \`attempts\`, \`next_attempt_at\`, \`last_error\`, \`remote_transaction_id\`, \`idempotency_key\`, \`deadline_at\`, \`accepted_at\`, \`locked_by\`, \`locked_until\`, null from \`submissions\`;`,
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

  override async down(): Promise<void> {
    this.addSql(`pragma foreign_keys = off;`);
    this.addSql(
      `create table \`submissions__temp_alter\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`result_set_id\` text not null, \`target\` text not null, \`endpoint\` text not null default 'simulator', \`step\` text null, \`step_state\` json null, \`kind\` text not null, \`payload\` json not null, \`status\` text check (\`status\` in ('pending', 'sending', 'accepted', 'retry', 'dead', 'awaiting_release', 'manual_correction_required')) not null, \`attempts\` integer not null, \`next_attempt_at\` datetime not null, \`last_error\` text null, \`remote_transaction_id\` text null, \`idempotency_key\` text not null, \`deadline_at\` datetime not null, \`accepted_at\` datetime null, \`locked_by\` text null, \`locked_until\` datetime null, constraint \`submissions_result_set_id_foreign\` foreign key(\`result_set_id\`) references \`result_sets\`(\`id\`) on update cascade, primary key (\`id\`));`,
    );
    this.addSql(
      `insert into \`submissions__temp_alter\` select \`id\`, \`created_at\`, \`updated_at\`, \`result_set_id\`, \`target\`, \`endpoint\`, \`step\`, \`step_state\`, \`kind\`, \`payload\`, case \`status\` when 'needs_action' then 'dead' when 'superseded' then 'dead' else \`status\` end, \`attempts\`, \`next_attempt_at\`, \`last_error\`, \`remote_transaction_id\`, \`idempotency_key\`, \`deadline_at\`, \`accepted_at\`, \`locked_by\`, \`locked_until\` from \`submissions\`;`,
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

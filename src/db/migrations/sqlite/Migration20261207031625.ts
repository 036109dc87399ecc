import { Migration } from '@mikro-orm/migrations';

export class Migration20261207031625 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`attempt_counters\` (\`key\` text not null, \`window_start\` datetime not null, \`count\` integer not null, \`blocked_until\` datetime null, \`strikes\` integer not null, \`last_seen_at\` datetime not null, primary key (\`key\`));`,
    );
    this.addSql(`create index \`attempt_counters_last_seen_at_index\` on \`attempt_counters\` (\`last_seen_at\`);`);
  }
}

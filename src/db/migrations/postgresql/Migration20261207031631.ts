import { Migration } from '@mikro-orm/migrations';

export class Migration20261207031631 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "attempt_counters" ("key" varchar(80) not null, "window_start" timestamptz not null, "count" int not null, "blocked_until" timestamptz null, "strikes" int not null, "last_seen_at" timestamptz not null, constraint "attempt_counters_pkey" primary key ("key"));`,
    );
    this.addSql(`create index "attempt_counters_last_seen_at_index" on "attempt_counters" ("last_seen_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "attempt_counters" cascade;`);
  }
}

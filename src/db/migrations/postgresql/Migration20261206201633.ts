import { Migration } from '@mikro-orm/migrations';

export class Migration20261206201633 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "notification_emails" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "event_key" varchar(200) not null, "kind" varchar(64) not null, "subject" varchar(300) not null, "recipients" jsonb not null, "status" text check ("status" in ('sending', 'sent', 'failed')) not null, "attempts" int not null, "last_error" text null, "sent_at" timestamptz null, constraint "notification_emails_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "notification_emails" add constraint "notification_emails_event_key_unique" unique ("event_key");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "notification_emails" cascade;`);
  }
}

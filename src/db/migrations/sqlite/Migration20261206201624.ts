import { Migration } from '@mikro-orm/migrations';

export class Migration20261206201624 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`notification_emails\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`event_key\` text not null, \`kind\` text not null, \`subject\` text not null, \`recipients\` json not null, \`status\` text check (\`status\` in ('sending', 'sent', 'failed')) not null, \`attempts\` integer not null, \`last_error\` text null, \`sent_at\` datetime null, primary key (\`id\`));`,
    );
    this.addSql(`create unique index \`notification_emails_event_key_unique\` on \`notification_emails\` (\`event_key\`);`);
  }
}

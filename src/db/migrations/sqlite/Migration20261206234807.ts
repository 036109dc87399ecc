import { Migration } from '@mikro-orm/migrations';

export class Migration20261206234807 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`web_sessions\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`id_hash\` text not null, \`user_id\` text not null, \`method\` text check (\`method\` in ('password', 'token', 'sso')) not null, \`api_token_id\` text null, \`csrf_token\` text not null, \`last_seen_at\` datetime not null, \`expires_at\` datetime not null, \`flash\` json not null, \`kept_form\` json null, constraint \`web_sessions_user_id_foreign\` foreign key(\`user_id\`) references \`users\`(\`id\`) on delete cascade on update cascade, constraint \`web_sessions_api_token_id_foreign\` foreign key(\`api_token_id\`) references \`api_tokens\`(\`id\`) on delete cascade on update cascade, primary key (\`id\`));`,
    );
    this.addSql(`create unique index \`web_sessions_id_hash_unique\` on \`web_sessions\` (\`id_hash\`);`);
    this.addSql(`create index \`web_sessions_user_id_index\` on \`web_sessions\` (\`user_id\`);`);
    this.addSql(`create index \`web_sessions_api_token_id_index\` on \`web_sessions\` (\`api_token_id\`);`);
    this.addSql(`create index \`web_sessions_expires_at_index\` on \`web_sessions\` (\`expires_at\`);`);
    this.addSql(`create index \`web_sessions_user_id_created_at_index\` on \`web_sessions\` (\`user_id\`, \`created_at\`);`);
  }
}

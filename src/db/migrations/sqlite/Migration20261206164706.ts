import { Migration } from '@mikro-orm/migrations';

export class Migration20261206164706 extends Migration {
  override async up(): Promise<void> {
    // Usernames compare case-insensitively. Existing users keep their names; of names that differ only in
    // case, the earliest user keeps the plain key and each later one's key carries its id.
    this.addSql(`alter table \`users\` add column \`username_key\` text not null default '';`);
    this.addSql(
      `update \`users\` set \`username_key\` = lower(\`username\`) || case when exists (select 1 from \`users\` as \`earlier\` where lower(\`earlier\`.\`username\`) = lower(\`users\`.\`username\`) and (\`earlier\`.\`created_at\` < \`users\`.\`created_at\` or (\`earlier\`.\`created_at\` = \`users\`.\`created_at\` and \`earlier\`.\`id\` < \`users\`.\`id\`))) then '~' || \`id\` else '' end;`,
    );
    this.addSql(`create unique index \`users_username_key_unique\` on \`users\` (\`username_key\`);`);

    this.addSql(`alter table \`api_tokens\` add column \`expires_at\` datetime null;`);
  }
}

import { Migration } from '@mikro-orm/migrations';

export class Migration20261206233201 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`set_password_links\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`user_id\` text not null, \`token_hash\` text not null, \`purpose\` text check (\`purpose\` in ('invitation', 'reset')) not null, \`expires_at\` datetime not null, \`used_at\` datetime null, \`revoked_at\` datetime null, \`issued_by\` text not null, constraint \`set_password_links_user_id_foreign\` foreign key(\`user_id\`) references \`users\`(\`id\`) on delete cascade on update cascade, primary key (\`id\`));`,
    );
    this.addSql(`create index \`set_password_links_user_id_index\` on \`set_password_links\` (\`user_id\`);`);
    this.addSql(`create unique index \`set_password_links_token_hash_unique\` on \`set_password_links\` (\`token_hash\`);`);
  }
}

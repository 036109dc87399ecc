import { Migration } from '@mikro-orm/migrations';

export class Migration20261206170554 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`lab_methods\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`key\` text not null, \`version\` integer not null, \`definition\` json not null, \`created_by\` text not null, primary key (\`id\`));`,
    );
    this.addSql(`create unique index \`lab_methods_key_version_unique\` on \`lab_methods\` (\`key\`, \`version\`);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists \`lab_methods\`;`);
  }
}

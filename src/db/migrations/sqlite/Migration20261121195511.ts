import { Migration } from '@mikro-orm/migrations';

export class Migration20261121195511 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`settings\` (\`key\` text not null, \`value\` json not null, \`updated_by\` text not null, \`updated_at\` datetime not null, primary key (\`key\`));`,
    );

    this.addSql(`create unique index \`result_sets_amends_id_unique\` on \`result_sets\` (\`amends_id\`);`);
  }
}

import { Migration } from '@mikro-orm/migrations';

export class Migration20261206201533 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`lab_instrument_templates\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`template_id\` text not null, \`version\` integer not null, \`definition\` json not null, \`retired\` integer not null default false, \`created_by\` text not null, primary key (\`id\`));`,
    );
    this.addSql(
      `create unique index \`lab_instrument_templates_template_id_version_unique\` on \`lab_instrument_templates\` (\`template_id\`, \`version\`);`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists \`lab_instrument_templates\`;`);
  }
}

import { Migration } from '@mikro-orm/migrations';

export class Migration20261206233934 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`signatures\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`signer_id\` text not null, \`username\` text not null, \`full_name\` text not null, \`title\` text null, \`meaning\` text not null, \`action\` text not null, \`signed_at\` datetime not null, \`result_set_id\` text not null, \`result_set_version\` integer not null, \`content_hash\` text not null, \`submission_id\` text null, constraint \`signatures_result_set_id_foreign\` foreign key(\`result_set_id\`) references \`result_sets\`(\`id\`) on update cascade, primary key (\`id\`));`,
    );
    this.addSql(`create index \`signatures_result_set_id_index\` on \`signatures\` (\`result_set_id\`);`);
  }
}

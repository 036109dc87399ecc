import { Migration } from '@mikro-orm/migrations';

export class Migration20261206164607 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`sample_aliases\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`alias\` text not null, \`sample_id\` text not null, \`created_by\` text not null, constraint \`sample_aliases_sample_id_foreign\` foreign key(\`sample_id\`) references \`samples\`(\`id\`) on update cascade, primary key (\`id\`));`,
    );
    this.addSql(`create unique index \`sample_aliases_alias_unique\` on \`sample_aliases\` (\`alias\`);`);
    this.addSql(`create index \`sample_aliases_sample_id_index\` on \`sample_aliases\` (\`sample_id\`);`);

    this.addSql(`alter table \`clients\` add column \`address\` text null;`);

    this.addSql(`alter table \`samples\` add column \`collected_at\` datetime null;`);
    this.addSql(`alter table \`samples\` add column \`remediated_lot\` integer not null default false;`);
    this.addSql(`alter table \`samples\` add column \`state_manifest_id\` text null;`);
  }
}

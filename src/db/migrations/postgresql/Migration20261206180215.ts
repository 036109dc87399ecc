import { Migration } from '@mikro-orm/migrations';

/** Sample tags hold Metrc package labels (24 characters) as well as BioTrack UIDs (16 digits). */
export class Migration20261206180215 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "samples" alter column "uid" type varchar(32) using ("uid"::varchar(32));`);
    this.addSql(`alter table "samples" alter column "source_uid" type varchar(32) using ("source_uid"::varchar(32));`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "samples" alter column "uid" type varchar(16) using ("uid"::varchar(16));`);
    this.addSql(`alter table "samples" alter column "source_uid" type varchar(16) using ("source_uid"::varchar(16));`);
  }
}

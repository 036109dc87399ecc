import { Migration } from '@mikro-orm/migrations';

/** See the SQLite migration of the same day: endpoint, protocol step and state, statuses that wait for a person. */
export class Migration20261206164538 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "submissions" drop constraint if exists "submissions_status_check";`);

    this.addSql(
      `alter table "submissions" add column "endpoint" varchar(255) not null default 'simulator', add column "step" varchar(32) null, add column "step_state" jsonb null;`,
    );
    this.addSql(
      `alter table "submissions" add constraint "submissions_status_check" check("status" in ('pending', 'sending', 'accepted', 'retry', 'dead', 'awaiting_release', 'manual_correction_required'));`,
    );
    // Rows queued with target `simulator` were BioTrack NY's simulator; live rows did not record their URL.
    this.addSql(
      `update "submissions" set "endpoint" = case "target" when 'simulator' then 'simulator' else 'live' end, "target" = case "target" when 'simulator' then 'biotrack-ny' else "target" end;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "submissions" drop constraint if exists "submissions_status_check";`);
    this.addSql(`update "submissions" set "target" = 'simulator' where "endpoint" = 'simulator';`);

    this.addSql(`alter table "submissions" drop column "endpoint", drop column "step", drop column "step_state";`);

    this.addSql(
      `alter table "submissions" add constraint "submissions_status_check" check("status" in ('pending', 'sending', 'accepted', 'retry', 'dead'));`,
    );
  }
}

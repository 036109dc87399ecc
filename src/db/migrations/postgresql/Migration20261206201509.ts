import { Migration } from '@mikro-orm/migrations';

/**
 * A submission the state system refused for a reason a person must fix stops at `needs_action` with the `action` to
 * take (amend, register the sample, contact the regulator, fix the setup), never "gave up"; `superseded` marks one an
 * approved amendment's submission replaced before the state system took it.
 */
export class Migration20261206201509 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "submissions" drop constraint if exists "submissions_status_check";`);
    this.addSql(`alter table "submissions" add column "action" varchar(32) null;`);
    this.addSql(
      `alter table "submissions" add constraint "submissions_status_check" check("status" in ('pending', 'sending', 'accepted', 'retry', 'dead', 'awaiting_release', 'manual_correction_required', 'needs_action', 'superseded'));`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "submissions" drop constraint if exists "submissions_status_check";`);
    this.addSql(`update "submissions" set "status" = 'dead' where "status" in ('needs_action', 'superseded');`);
    this.addSql(`alter table "submissions" drop column "action";`);
    this.addSql(
      `alter table "submissions" add constraint "submissions_status_check" check("status" in ('pending', 'sending', 'accepted', 'retry', 'dead', 'awaiting_release', 'manual_correction_required'));`,
    );
  }
}

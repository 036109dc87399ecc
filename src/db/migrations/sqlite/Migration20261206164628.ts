import { Migration } from '@mikro-orm/migrations';

export class Migration20261206164628 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table \`result_sets\` add column \`contributors\` json not null default '[]';`);

    // Existing versions' contributors, from the audit trail (an amendment's carried contributors are not rebuilt).
    this.addSql(
      `update \`result_sets\` set \`contributors\` = coalesce((select '[' || group_concat(distinct json_object('by', e.\`actor\`, 'as', case e.\`action\` when 'result_set.results_added' then (case when \`result_sets\`.\`origin\` = 'manual' then 'entered' else 'imported' end) when 'manual_entry.value_confirmed' then 'confirmed' when 'manual_entry.value_corrected' then 'corrected' when 'result_set.conflict_resolved' then 'resolved_conflict' else 'amended' end)) || ']' from \`audit_events\` e where e.\`entity_type\` = 'result_set' and e.\`entity_id\` = \`result_sets\`.\`id\` and (e.\`action\` in ('result_set.results_added', 'manual_entry.value_confirmed', 'manual_entry.value_corrected', 'result_set.conflict_resolved') or (e.\`action\` = 'result_set.created' and \`result_sets\`.\`origin\` = 'amendment'))), '[]');`,
    );
  }
}

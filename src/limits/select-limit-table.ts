import type { LimitTable } from './limit-table.schemas';

/**
 * The table in force on `testedOn` (YYYY-MM-DD) for a jurisdiction: the latest effective on or before
 * that day. Throws when none is in force yet or two tables share the effective date.
 */
export function selectLimitTable(tables: readonly LimitTable[], query: { jurisdiction: string; testedOn: string }): LimitTable {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(query.testedOn)) {
    throw new Error(`testedOn must be a date YYYY-MM-DD, got "${query.testedOn}"`);
  }
  const jurisdiction = query.jurisdiction.trim().toUpperCase();
  const mine = tables.filter((t) => t.jurisdiction.toUpperCase() === jurisdiction);
  if (mine.length === 0) {
    throw new Error(`no limit table is loaded for jurisdiction ${jurisdiction}`);
  }
  // ISO dates compare correctly as strings.
  const inForce = mine
    .filter((t) => t.effectiveDate <= query.testedOn)
    .sort((a, b) => b.effectiveDate.localeCompare(a.effectiveDate));
  if (inForce.length === 0) {
    const earliest = [...mine].sort((a, b) => a.effectiveDate.localeCompare(b.effectiveDate))[0];
    throw new Error(
      `no ${jurisdiction} limit table is in force on ${query.testedOn}: the earliest loaded (${earliest.id}) takes effect on ${earliest.effectiveDate}`,
    );
  }
  if (inForce.length > 1 && inForce[0].effectiveDate === inForce[1].effectiveDate) {
    throw new Error(`${inForce[0].id} and ${inForce[1].id} both take effect on ${inForce[0].effectiveDate}; remove one`);
  }
  return inForce[0];
}

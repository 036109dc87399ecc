import { timeOrderedId } from '../time-ordered-id';

/** Runs one SQL statement with `?` placeholders inside the migration's transaction and answers its rows. */
export type RunSql = (sql: string, params?: unknown[]) => Promise<Array<Record<string, unknown>>>;

/** What summaries list of unknown analyte names since they were bounded (see src/ingest/unknown-analytes.ts). */
const LISTED_UNKNOWN_ANALYTES = 100;

interface StoredUnmatched {
  index?: number;
  reason?: string;
  message?: string;
  ref?: unknown;
  meta?: unknown;
  results?: unknown[];
  pending?: unknown[];
  attached?: unknown;
}

interface StoredUnknown {
  name?: string;
  provenance?: unknown;
  example?: unknown;
  rows?: number;
  candidates?: unknown[];
}

/**
 * Data migration of imports stored before their unmatched samples had a table and their list columns existed:
 * each summary's `unmatched` entries become `import_unmatched` rows, its unknown analyte names are bounded as new
 * summaries bound them (the first 100 distinct names with a row count and one example; every row counted), and
 * the list columns are filled. One import at a time, so a 50 MB summary is held once.
 */
export async function moveUnmatchedOutOfSummaries(run: RunSql, dialect: 'sqlite' | 'postgresql'): Promise<void> {
  const json = dialect === 'postgresql' ? '?::jsonb' : '?';
  const imports = await run(`select id from imports where status = 'imported' order by created_at`);
  for (const { id } of imports) {
    const [row] = await run('select summary, created_at from imports where id = ?', [id]);
    const summary = (typeof row.summary === 'string' ? JSON.parse(row.summary) : row.summary) as Record<string, unknown>;
    const unmatched = (Array.isArray(summary.unmatched) ? summary.unmatched : []) as StoredUnmatched[];
    let open = 0;
    for (const [position, u] of unmatched.entries()) {
      if (!u.attached) open += 1;
      await run(
        `insert into import_unmatched (id, created_at, updated_at, import_id, position, reason, message, rows, attached) values (?, ?, ?, ?, ?, ?, ?, ${json}, ${json})`,
        [
          timeOrderedId(),
          row.created_at,
          row.created_at,
          id,
          u.index ?? position,
          u.reason ?? 'no_sample',
          u.message ?? '',
          JSON.stringify({ ref: u.ref ?? {}, meta: u.meta, results: u.results ?? [], pending: u.pending ?? [] }),
          u.attached ? JSON.stringify(u.attached) : null,
        ],
      );
    }
    const unknown = boundUnknown(
      (Array.isArray(summary.unknownAnalytes) ? summary.unknownAnalytes : []) as StoredUnknown[],
      summary.unknownAnalyteCounts,
    );
    const rest: Record<string, unknown> = { ...summary, ...unknown };
    delete rest.unmatched;
    await run(
      `update imports set summary = ${json}, result_set_count = ?, unmatched_count = ?, open_unmatched_count = ?, unknown_analyte_count = ? where id = ?`,
      [
        JSON.stringify(rest),
        Array.isArray(summary.resultSets) ? summary.resultSets.length : 0,
        unmatched.length,
        open,
        unknown.unknownAnalyteCounts.distinct,
        id,
      ],
    );
  }
}

/** Older summaries listed every unknown row; newer ones each distinct name once. */
function boundUnknown(
  entries: StoredUnknown[],
  counted: unknown,
): { unknownAnalytes: StoredUnknown[]; unknownAnalyteCounts: { rows: number; distinct: number; listed: number } } {
  if (counted && typeof counted === 'object') {
    const c = counted as { rows: number; distinct: number; listed: number };
    return { unknownAnalytes: entries, unknownAnalyteCounts: c };
  }
  const byName = new Map<string, StoredUnknown>();
  for (const e of entries) {
    const name = String(e.name ?? '');
    const seen = byName.get(name);
    if (seen) seen.rows = (seen.rows ?? 1) + 1;
    else byName.set(name, { name, rows: 1, example: e.example ?? e.provenance, candidates: e.candidates ?? [] });
  }
  const listed = [...byName.values()].slice(0, LISTED_UNKNOWN_ANALYTES);
  return {
    unknownAnalytes: listed,
    unknownAnalyteCounts: { rows: entries.length, distinct: byName.size, listed: listed.length },
  };
}

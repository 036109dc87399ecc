import type { ResultSetView } from '../results/result-set.mapper';
import { formatDateTime } from './format';

export interface BulkSourceChoice {
  /** What the form posts as `take`: a file's sha256, or `existing`. */
  take: string;
  label: string;
  /** Conflicts this choice settles, by analyte name. */
  settles: string[];
}

export interface ResolvedConflictView {
  analyte: string;
  /** The value that was chosen, and where it came from. */
  chosen: string;
  from: string;
  others: string;
  by: string;
  at: string;
  reason: string;
  /** The LOQ or limit the chosen reading did not carry, kept from the result. */
  keptFromBefore: string[];
}

export interface ConflictsExtraView {
  bulk: BulkSourceChoice[];
  resolvedConflicts: ResolvedConflictView[];
}

interface Reading {
  value?: string | null;
  qualifier?: string | null;
  unit?: string;
  reportedValue?: string;
  reportedUnit?: string;
  sha256?: string | null;
  provenance?: unknown;
}

/** A reading's file: its own sha256, or its provenance's (readings stored before 2026-12 left it empty). */
const shaOf = (r: Reading): string | null => r.sha256 ?? ((r.provenance as { sha256?: string } | undefined)?.sha256 || null);

const readingText = (r: Reading): string =>
  r.qualifier ?? `${r.reportedValue ?? r.value ?? '—'} ${r.reportedUnit ?? r.unit ?? ''}`.trim();

/**
 * "Take all from this source": one choice per file that reported a reading in an open conflict, with the conflicts
 * it would settle, and keeping every value already on the results; and the conflicts already resolved, the chosen
 * reading marked with its source, who chose it and why.
 */
export function toConflictsExtraView(set: ResultSetView, fileNames: ReadonlyMap<string, string>): ConflictsExtraView {
  const name = new Map(set.results.map((r) => [r.analyte, r.name]));
  const fileName = (sha: string | null | undefined) => (sha ? (fileNames.get(sha) ?? `file ${sha.slice(0, 12)}…`) : 'no file');
  const bySource = new Map<string, string[]>();
  // In the order the results are shown (the conflicts come in the database's order).
  const rank = new Map(set.results.map((r, i) => [r.analyte, i]));
  const conflicts = [...set.conflicts].sort((a, b) => (rank.get(a.analyte) ?? 0) - (rank.get(b.analyte) ?? 0));
  for (const c of conflicts) {
    const shas = new Set([c.existing.sha256, ...c.readings.map((r) => r.sha256)].filter((s): s is string => !!s));
    for (const sha of shas) bySource.set(sha, [...(bySource.get(sha) ?? []), name.get(c.analyte) ?? c.analyte]);
  }
  const bulk: BulkSourceChoice[] = set.conflicts.length
    ? [
        ...[...bySource.entries()].map(([sha, settles]) => ({
          take: sha,
          label: `Take every conflicting value from ${fileName(sha)}`,
          settles,
        })),
        {
          take: 'existing',
          label: 'Keep every value already on the results',
          settles: conflicts.map((c) => name.get(c.analyte) ?? c.analyte),
        },
      ]
    : [];
  const resolvedConflicts = set.results.flatMap((r) => {
    const resolved = (r.conflict as { resolved?: Record<string, unknown> } | null)?.resolved;
    if (!resolved || r.derived) return [];
    const kept = (resolved.kept ?? {}) as Reading;
    const discarded = (Array.isArray(resolved.discarded) ? resolved.discarded : []) as Reading[];
    return [
      {
        analyte: r.name,
        chosen: readingText(kept),
        from:
          kept.sha256 !== undefined
            ? fileName(kept.sha256)
            : resolved.choice === 'existing'
              ? 'the first source'
              : 'another source',
        others: discarded.map((d) => `${readingText(d)} (${fileName(shaOf(d))})`).join('; '),
        by: String(resolved.by ?? ''),
        at: formatDateTime(typeof resolved.at === 'string' ? resolved.at : null).text,
        reason: String(resolved.reason ?? ''),
        keptFromBefore: Array.isArray(resolved.keptFromBefore) ? resolved.keptFromBefore.map(String) : [],
      },
    ];
  });
  return { bulk, resolvedConflicts };
}

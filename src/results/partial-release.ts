import type { ReadinessItem } from './release-readiness';

/**
 * A deliberately partial release (the client ordered only some panels): the manager's reason and the panels New York
 * requires that the set lacks, kept in `meta.release.partial` (the certificate prints it; the submission carries it).
 */
export interface PartialRelease {
  reason: string;
  missingPanels: string[];
  by: string;
  at: string;
}

/** The missing panels among the readiness items, in their order. */
export function missingPanelsOf(items: readonly ReadinessItem[]): string[] {
  return items.filter((i) => i.kind === 'missing_panel' && i.panel !== null).map((i) => i.panel!);
}

export function releaseOf(meta: Record<string, unknown> | null): Record<string, unknown> {
  const release = meta?.release;
  return release !== null && typeof release === 'object' && !Array.isArray(release) ? (release as Record<string, unknown>) : {};
}

/** The override recorded on the set, or null; one that does not have the expected shape is treated as absent. */
export function recordedPartial(meta: Record<string, unknown> | null): PartialRelease | null {
  const p = releaseOf(meta).partial as Partial<PartialRelease> | undefined;
  if (!p || typeof p.reason !== 'string' || !Array.isArray(p.missingPanels)) return null;
  if (typeof p.by !== 'string' || typeof p.at !== 'string') return null;
  return { reason: p.reason, missingPanels: p.missingPanels.filter((x) => typeof x === 'string'), by: p.by, at: p.at };
}

export function withoutPartial(meta: Record<string, unknown> | null): Record<string, unknown> | null {
  if (!meta) return meta;
  const { partial: _dropped, ...release } = releaseOf(meta);
  return { ...meta, release };
}

export function withoutRelease(meta: Record<string, unknown> | null): Record<string, unknown> {
  const { release: _dropped, ...rest } = meta ?? {};
  return rest;
}

export const sameSet = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000');

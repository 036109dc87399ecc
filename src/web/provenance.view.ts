import type { Provenance } from '../ingest/parsed-batch';

/** Where a value came from, as a reviewer reads it: the file, the place in it, and what surrounded it. */
export interface ProvenanceView {
  /** The uploaded file's name, or what stands in for a file (a form field). */
  source: string;
  sha256: string | null;
  location: string;
  cells: string[];
  text: string | null;
}

export function toProvenanceView(p: Provenance, fileNames: ReadonlyMap<string, string>): ProvenanceView {
  const sha256 = p.sha256 ?? null;
  const file = sha256 ? (fileNames.get(sha256) ?? `file ${sha256.slice(0, 12)}…`) : null;
  if (p.kind === 'cell') {
    const where = [p.sheet ? `sheet “${p.sheet}”` : null, `row ${p.row}`, `column ${p.column}${p.header ? ` (${p.header})` : ''}`]
      .filter(Boolean)
      .join(', ');
    return { source: file ?? 'uploaded file', sha256, location: where, cells: p.context ?? [], text: null };
  }
  if (p.kind === 'text') {
    return {
      source: file ?? 'uploaded file',
      sha256,
      location: `page ${p.page}, line ${p.line}`,
      cells: [],
      text: p.context ?? null,
    };
  }
  return { source: file ?? 'entered by hand', sha256, location: `form field ${p.field}`, cells: [], text: null };
}

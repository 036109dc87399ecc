import { resolveAnalyte } from '../../../catalog';
import { InstrumentTemplateSchema, type ColumnRef, type InstrumentTemplate } from '../instrument-template.schema';
import { cleanText, headerKey, type GridRow } from '../table-file';

/** A column reference by its header text, or by letter when the header is empty or repeats to its left. */
export function refMaker(header: GridRow): (column: string) => ColumnRef {
  return (column) => {
    const index = columnIndexOf(column);
    const text = cleanText(header.cells[index]?.text ?? '');
    const earlier = header.cells.slice(0, index).some((c) => headerKey(c.text) === headerKey(text));
    return text === '' || earlier ? { column } : text;
  };
}

export function columnIndexOf(letter: string): number {
  let n = 0;
  for (const ch of letter) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

export function slug(text: string): string {
  return text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
}

/** A key as a header word: ChemStation writes "SampleName", the vocabulary "sample name". */
export function keyWords(key: string): string {
  return headerKey(key.replace(/([a-z])([A-Z])/g, '$1 $2'));
}

/**
 * Printed analyte names the catalog does not resolve, with its closest candidates: the proposal never maps them
 * (a person adds them to `analytes` if the lab means that analyte); the import lists them as unknown analytes.
 */
export function namesOutsideCatalog(names: string[]): string {
  const unknown = names
    .map((name) => resolveAnalyte(name))
    .filter((r) => !r.ok && r.reason !== 'internal_standard')
    .map((r) => (r.ok ? '' : `"${r.name}"${r.candidates[0] ? ` (perhaps ${r.candidates[0].key})` : ''}`));
  if (unknown.length === 0) return '';
  const shown = unknown.slice(0, 8).join(', ');
  return `${unknown.length} printed analyte name(s) the catalog does not know: ${shown}${unknown.length > 8 ? ', …' : ''}; they are not mapped (add them to the template's analytes if the lab means a catalog analyte), the import lists them as unknown analytes`;
}

/** The proposed template once the schema accepts the draft; else none, with the schema's reasons added to `missing`. */
export function validatedProposal<B extends { missing: string[] }>(
  draft: unknown,
  base: B,
): B & { template: InstrumentTemplate | null } {
  const parsed = InstrumentTemplateSchema.safeParse(draft);
  if (!parsed.success) {
    base.missing.push(...parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
    return { template: null, ...base };
  }
  return { template: parsed.data, ...base };
}

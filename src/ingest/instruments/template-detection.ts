import { ImportRejected } from '../import-rejected.error';
import type { Detection, SourceFileInput } from '../source-adapter';
import { rowHasAll, rowStartsWith } from './column-ref';
import type { InstrumentTemplate } from './instrument-template.schema';
import { readTableFile } from './read-table';
import { DEFAULT_READ_LIMITS, type ReadLimits, type SheetGrid, type TableFile } from './table-file';

export interface DetectOptions {
  limits?: ReadLimits;
  table?: TableFile;
}

type MatchResult = { ok: true } | { ok: false; reason: string };

/**
 * Templates whose detection signature the file meets, best first (score, then id). Generic templates
 * (`match.auto: false`) are never detected: the uploader names them. Throws `ImportRejected` only when
 * the file itself cannot be read.
 */
export function detectTemplates(
  file: SourceFileInput,
  templates: InstrumentTemplate[],
  options: DetectOptions = {},
): Detection[] {
  const table = options.table ?? readTableFile(file.bytes, options.limits ?? DEFAULT_READ_LIMITS);
  return templates
    .filter((template) => matchTemplate(table, template).ok)
    .map((template) => ({ template: template.id, score: template.match.score }))
    .sort((a, b) => b.score - a.score || a.template.localeCompare(b.template));
}

/** The 422 for a file no template fits: every template tried, with the first requirement it missed. */
export function explainNoMatch(
  file: SourceFileInput,
  templates: InstrumentTemplate[],
  options: DetectOptions = {},
): ImportRejected {
  const table = options.table ?? readTableFile(file.bytes, options.limits ?? DEFAULT_READ_LIMITS);
  const tried = templates.map((template) => {
    const result = matchTemplate(table, template);
    return `${template.id}: ${result.ok ? 'matches' : result.reason}`;
  });
  return new ImportRejected(`no instrument template fits this ${table.kind.toUpperCase()} file`, {
    location: table.sheets[0]?.name ? { sheet: table.sheets[0].name, row: 1 } : { line: 1 },
    expected: `a file one of the templates describes (${tried.join('; ')})`,
    code: 'no_template',
  });
}

export function matchTemplate(table: TableFile, template: InstrumentTemplate): MatchResult {
  const match = template.match;
  if (!match.auto) return { ok: false, reason: 'generic template, used only when named with the upload' };
  if (!template.fileKinds.includes(table.kind))
    return { ok: false, reason: `reads ${template.fileKinds.join('/')}, not ${table.kind}` };
  for (const name of match.sheets) if (!findSheet(table, name)) return { ok: false, reason: `no sheet "${name}"` };
  for (const rule of match.rows) {
    const sheets = rule.sheet ? [findSheet(table, rule.sheet)].filter((s): s is SheetGrid => s !== undefined) : table.sheets;
    const found = sheets.some((sheet) =>
      sheet.rows
        .slice(0, rule.searchRows)
        .some(
          (row) =>
            (!rule.cells || rowHasAll(row, rule.cells, undefined)) &&
            (!rule.startsWith || rowStartsWith(row, rule.startsWith)) &&
            !rule.without.some((cell) => rowHasAll(row, [cell], undefined)),
        ),
    );
    if (!found) {
      const what = rule.cells
        ? `row holding ${rule.cells.map((c) => `"${c}"`).join(', ')}`
        : `row starting ${rule.startsWith?.map((c) => `"${c}"`).join(' | ')}`;
      const without = rule.without.length > 0 ? ` without ${rule.without.map((c) => `"${c}"`).join(', ')}` : '';
      return {
        ok: false,
        reason: `no ${what}${without} in the first ${rule.searchRows} rows${rule.sheet ? ` of sheet "${rule.sheet}"` : ''}`,
      };
    }
  }
  return { ok: true };
}

function findSheet(table: TableFile, name: string): SheetGrid | undefined {
  return table.sheets.find((s) => (s.name ?? '').trim().toLowerCase() === name.trim().toLowerCase());
}

import { parsePanel, parseQualifier, parseUnit, resolveAnalyte } from '../../catalog';
import type { RawResultRow } from '../parsed-batch';
import type { CoaDocument } from './coa-document';
import type { TextCell, TextLine } from './text-line';

/**
 * The reader for certificates no layout knows: it finds result tables by their shape, on any page and in one
 * or two columns per page. A result row is an analyte-like name followed by values (numbers or result words),
 * units, LOQs, limits and statuses; the roles come from a header line above it when one names them, else from
 * what each cell looks like. Every row it yields is unsure: it pre-fills a set for a person to confirm.
 */

const WHY = "read by the shape of the table: no layout knows this lab's certificates";
/** A row needs a header this close above it (lines) for the header to name its columns. */
const HEADER_REACH = 40;
/** A name that does not resolve to a catalog analyte must sit among this many result rows in a run. */
const RUN = 3;

type Role = 'result' | 'loq' | 'lod' | 'limit' | 'unit' | 'status';

/** Header words, most specific first: "Reporting Limit" is an LOQ, "Action Limit" a limit. */
const HEADER_WORDS: ReadonlyArray<readonly [Role, RegExp]> = [
  ['loq', /\b(loq|pql|rl|reporting limit|quantitation|quantification)\b/i],
  ['lod', /\b(lod|mdl|detection limit|limit of detection)\b/i],
  ['limit', /\b(limit|limits|action|max(imum)?|specification|allowable|threshold)\b/i],
  ['unit', /^\(?units?\)?$/i],
  ['status', /\b(status|pass\s*\/\s*fail|p\/f|verdict|outcome|compliance)\b/i],
  ['result', /\b(result|results|reading|amount|concentration|conc\.?|value|measured|level|found)\b/i],
];

const STATUS = /^(pass|passed|fail|failed|tested|not tested|complete|completed|pending|n\/?a|ok)$/i;
const NUMBER = /^[<>≤≥]?\s*[-+]?(?:\d[\d,]*(?:\.\d+)?|\.\d+)(?:\s*%)?$/;
const NOT_A_NAME = /:|\b(page|date|phone|tel|fax|www|http|email|license|batch|lot|sample|order|client)\b|@/i;

interface Token {
  text: string;
  x0: number;
  x1: number;
  kind: 'value' | 'unit' | 'status' | 'text';
}

interface Segment {
  name: string;
  x0: number;
  tokens: Token[];
}

interface HeaderCell {
  role: Role;
  x0: number;
  x1: number;
}

export function readByShape(doc: CoaDocument, sha256: string, skip: ReadonlySet<string> = new Set()): RawResultRow[] {
  const rows: RawResultRow[] = [];
  for (const lines of doc.pages) {
    const body = lines.filter((l) => l.region === 'body');
    const segmentsByLine = body.map(segmentsOf);
    const headings: Array<{ x0: number; panel: string; index: number }> = [];
    let header: { cells: HeaderCell[]; index: number } | undefined;
    for (let i = 0; i < body.length; i++) {
      const line = body[i];
      const segments = segmentsByLine[i];
      if (segments.length === 0) {
        const cells = headerCells(line);
        if (cells.length >= 2) header = { cells, index: i };
        for (const heading of headingsOf(line)) headings.push({ ...heading, index: i });
        continue;
      }
      if (skip.has(`${line.page}:${line.line}`)) continue;
      const inRun = runLength(segmentsByLine, i) >= RUN;
      const near = header && i - header.index <= HEADER_REACH ? header.cells : [];
      for (const segment of segments) {
        const panel = panelFor(headings, segment.x0);
        const resolved = resolveAnalyte(segment.name, panel ? { panelHint: panel } : {});
        if (!resolved.ok && !inRun) continue;
        rows.push(toRow(segment, near, panel, line, sha256));
      }
    }
  }
  return rows;
}

function toRow(segment: Segment, header: HeaderCell[], panel: string | undefined, line: TextLine, sha256: string): RawResultRow {
  const values: Partial<Record<Role, string>> = {};
  const doubts = [WHY];
  let guessed = false;
  for (const token of segment.tokens) {
    const role = roleOf(token, header) ?? guessRole(token, values);
    if (!role) continue;
    if (!header.length || !roleOf(token, header)) guessed = guessed || token.kind === 'value';
    values[role] = values[role] === undefined ? token.text : `${values[role]} ${token.text}`;
  }
  if (guessed) doubts.push('no column header names this value: the first number is taken as the result');
  if (!panel) doubts.push('no panel heading found');
  const unitFromValue = values.result ? unitAfterNumber(values.result) : undefined;
  const unitText = values.unit ?? unitFromValue?.unit;
  return {
    name: segment.name,
    valueText: unitFromValue?.value ?? values.result ?? '',
    ...(unitText !== undefined ? { unitText } : {}),
    ...(values.loq !== undefined ? { loqText: values.loq } : {}),
    ...(values.lod !== undefined ? { lodText: values.lod } : {}),
    ...(values.limit !== undefined ? { limitText: values.limit } : {}),
    ...(values.status !== undefined ? { statusText: values.status } : {}),
    ...(panel !== undefined ? { panelHint: panel } : {}),
    unsure: doubts.join('; '),
    provenance: { kind: 'text', sha256, page: line.page, line: line.line, context: line.text },
  };
}

/** The header cell over a value (most overlap, or the nearest centre within its span). */
function roleOf(token: Token, header: HeaderCell[]): Role | undefined {
  const centre = (token.x0 + token.x1) / 2;
  let best: { role: Role; distance: number } | undefined;
  for (const cell of header) {
    const distance =
      centre >= cell.x0 - 4 && centre <= cell.x1 + 4 ? 0 : Math.min(Math.abs(centre - cell.x0), Math.abs(centre - cell.x1));
    if (distance <= 24 && (!best || distance < best.distance)) best = { role: cell.role, distance };
  }
  return best?.role;
}

/** Without a header: a unit word is the unit, a status word the status, the first value the result, then LOQ, limit. */
function guessRole(token: Token, taken: Partial<Record<Role, string>>): Role | undefined {
  if (token.kind === 'unit') return taken.unit === undefined ? 'unit' : undefined;
  if (token.kind === 'status') return taken.status === undefined ? 'status' : undefined;
  if (token.kind !== 'value') return undefined;
  for (const role of ['result', 'loq', 'limit'] as const) if (taken[role] === undefined) return role;
  return undefined;
}

/** A line's result rows: each starts at an analyte-like cell followed by at least one value. */
function segmentsOf(line: TextLine): Segment[] {
  const tokens = line.cells.flatMap(tokensOf);
  const segments: Array<Segment & { parts: string[] }> = [];
  let current: (Segment & { parts: string[] }) | undefined;
  for (const token of tokens) {
    if (token.kind === 'text') {
      if (current && current.tokens.length === 0) {
        current.parts.push(token.text);
        continue;
      }
      // Words that cannot start a name ("/", "±0.03", "≥ LOD") between values are passed over.
      if (!isNameLike(token.text)) continue;
      current = { name: token.text, parts: [token.text], x0: token.x0, tokens: [] };
      segments.push(current);
      continue;
    }
    current?.tokens.push(token);
  }
  return segments
    .map((s) => ({ name: bestName(s.parts), x0: s.x0, tokens: s.tokens }))
    .filter((s) => s.tokens.some((t) => t.kind === 'value') && !NOT_A_NAME.test(s.name));
}

/** The whole name, or the part of it that names a catalog analyte ("CBDVA Cannabidivarinic acid", "S21-68302-HM Lead"). */
function bestName(parts: string[]): string {
  const whole = parts.join(' ');
  if (parts.length < 2 || resolveAnalyte(whole).ok) return whole;
  const words = whole.split(/\s+/);
  for (let k = 1; k < words.length; k++) {
    const head = words.slice(0, k).join(' ');
    const tail = words.slice(k).join(' ');
    if (resolveAnalyte(head).ok) return head;
    if (resolveAnalyte(tail).ok) return tail;
  }
  return whole;
}

function tokensOf(cell: TextCell): Token[] {
  const kind = kindOf(cell.text);
  if (kind !== 'text') return [{ text: cell.text, x0: cell.x0, x1: cell.x1, kind }];
  // A cell holding a name and its numbers ("Pinene 0.004 / 0.015") is read word by word from the first number.
  const words = [...cell.text.matchAll(/\S+/g)];
  const first = words.findIndex((w) => kindOf(w[0]) === 'value');
  if (first <= 0) return [{ text: cell.text, x0: cell.x0, x1: cell.x1, kind }];
  const width = (cell.x1 - cell.x0) / Math.max(1, cell.text.length);
  const at = (i: number) => cell.x0 + (words[i].index ?? 0) * width;
  const name = cell.text.slice(0, words[first].index).trim();
  return [
    { text: name, x0: cell.x0, x1: at(first) - width, kind: 'text' },
    ...words
      .slice(first)
      .map((w, j) => ({ text: w[0], x0: at(first + j), x1: at(first + j) + w[0].length * width, kind: kindOf(w[0]) })),
  ];
}

function kindOf(text: string): Token['kind'] {
  const t = text.trim();
  if (STATUS.test(t)) return 'status';
  if (NUMBER.test(t) || parseQualifier(t) !== null || unitAfterNumber(t) !== undefined) return 'value';
  if (parseUnit(t) !== null) return 'unit';
  return 'text';
}

function unitAfterNumber(text: string): { value: string; unit: string } | undefined {
  const m = /^([<>≤≥]?\s*[-+]?(?:\d[\d,]*(?:\.\d+)?|\.\d+))\s*(\S.*)$/.exec(text.trim());
  if (!m || parseUnit(m[2]) === null) return undefined;
  return { value: m[1], unit: m[2] };
}

function isNameLike(text: string): boolean {
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  return letters >= 2 && text.length <= 80 && /^[\p{L}\d(α-ωΔ]/u.test(text);
}

function headerCells(line: TextLine): HeaderCell[] {
  const cells: HeaderCell[] = [];
  for (const part of line.cells.flatMap((c) => c.parts)) {
    const role = HEADER_WORDS.find(([, re]) => re.test(part.text))?.[0];
    if (role) cells.push({ role, x0: part.x0, x1: part.x1 });
  }
  return cells;
}

/** Panel headings on a line without values; two panels side by side print theirs on one line. */
function headingsOf(line: TextLine): Array<{ x0: number; panel: string }> {
  return line.cells.filter((c) => parsePanel(c.text) !== null).map((c) => ({ x0: c.x0, panel: c.text }));
}

/** The latest heading above whose column the row is in (the heading starting nearest left of it). */
function panelFor(headings: Array<{ x0: number; panel: string }>, x0: number): string | undefined {
  let best: { x0: number; panel: string } | undefined;
  for (const h of headings) {
    if (h.x0 > x0 + 12) continue;
    if (!best || h.x0 >= best.x0 - 12) best = h;
  }
  return best?.panel;
}

/** Consecutive lines holding result rows around line `i`. */
function runLength(segments: Segment[][], i: number): number {
  let from = i;
  while (from > 0 && segments[from - 1].length > 0) from--;
  let to = i;
  while (to + 1 < segments.length && segments[to + 1].length > 0) to++;
  return to - from + 1;
}

import { defaultRoute, parsePanel, parseQualifier, productTypeFromMatrix, resolveAnalyte } from '../../catalog';
import type { ParsedSample, PrintedTotal, RawResultRow } from '../parsed-batch';
import type { CoaDocument } from './coa-document';
import type { CoaLayout } from './coa-layout.schema';
import { extractMetadata } from './coa-metadata';
import { headingText, isSectionHeading, sectionStatus } from './coa-sections';
import { readStatusGrid } from './coa-status-grid';
import {
  bandAt,
  isNameContinuation,
  isUnitLine,
  joinHeaderBelow,
  matchTableHeader,
  opensTable,
  readRow,
  resolveHeader,
  stackHeader,
  type TableHeader,
  type TableRow,
} from './coa-table';
import { findTiles, sameName, type Tile } from './coa-tiles';
import { readTransposed } from './coa-transposed';
import { fold, inList, LayoutWords } from './coa-words';
import type { TextCell, TextLine } from './text-line';

export interface CoaExtraction {
  sample: ParsedSample;
  warnings: string[];
}

/** Lines after a table header that may hold its units or the rest of a wrapped header. */
const HEADER_TAIL = 3;
/** A table ends after a vertical gap of this many row pitches. */
const TABLE_GAP = 3;
/** Row pitch assumed before two rows have been read, in font sizes. */
const DEFAULT_PITCH = 1.6;
/** An unknown heading over a table is printed at least this much larger than the table header. */
const HEADING_SCALE = 1.3;
/** A name line this close (font sizes) to halfway between two rows cannot be told to belong to either. */
const EQUIDISTANT = 0.15;
const UNNAMED = 'no analyte name printed beside, above or below these values';

/**
 * Reads one certificate with one layout descriptor: metadata, panel statuses as printed, every result
 * row of every table (side-by-side tables arrive as separate streams), sideways tables, summary tiles
 * (totals, moisture, water activity) and the totals the certificate prints. Raw text only: names,
 * values, units, LOQs, limits and statuses exactly as printed.
 */
export function extractCertificate(doc: CoaDocument, layout: CoaLayout, sha256: string): CoaExtraction {
  const reader = new CertificateReader(doc, layout, sha256);
  return reader.read();
}

class CertificateReader {
  private readonly words: LayoutWords;
  private readonly body: TextLine[];
  private readonly rows: RawResultRow[] = [];
  private readonly panelStatus: Record<string, string> = {};
  private readonly warnings: string[] = [];
  private section: string | undefined;
  private sectionGuessed = false;

  constructor(
    private readonly doc: CoaDocument,
    private readonly layout: CoaLayout,
    private readonly sha256: string,
  ) {
    this.words = new LayoutWords(layout);
    const body = doc.pages.flatMap((lines) => lines.filter((l) => l.region === 'body'));
    const ends = layout.resultsEnd.map((p) => new RegExp(p, 'iu'));
    const end = body.findIndex((l) => ends.some((re) => re.test(l.text)));
    this.body = end < 0 ? body : body.slice(0, end);
  }

  read(): CoaExtraction {
    const { meta, warnings } = extractMetadata(this.doc, this.layout);
    this.warnings.push(...warnings);
    const productType = meta.matrix ? productTypeFromMatrix([meta.matrix, meta.matrixType].filter(Boolean).join(' ')) : null;
    if (productType) {
      meta.productType = productType;
      meta.route = defaultRoute(productType);
    }
    this.readBody();
    this.addLineResults();
    this.addTiles();
    for (const { panel, status } of readStatusGrid(this.doc.pages, this.layout)) this.recordStatus(panel, status);
    const printedTotals = this.printedTotals();
    const ref = {
      ...(meta.labSampleId ? { labSampleId: meta.labSampleId } : {}),
      ...(meta.batch ? { batch: meta.batch } : {}),
      ...(meta.uid ? { uid: meta.uid } : {}),
    };
    if (!ref.labSampleId && !ref.batch && !ref.uid) {
      this.warnings.push('no lab sample ID, batch number or UID found: the certificate stays unmatched until attached');
    }
    const sample: ParsedSample = { ref, rows: this.rows, meta, panelStatus: this.panelStatus, printedTotals };
    return { sample, warnings: this.warnings };
  }

  private readBody(): void {
    // Index just past the previous table, and of the last heading: a table needs a heading after the former.
    let lastTableEnd = 0;
    let headingAt = -1;
    for (let i = 0; i < this.body.length;) {
      const line = this.body[i];
      if (this.tableHeaderAt(i)) {
        if (headingAt < lastTableEnd) this.guessHeading(i);
        i = this.readTable(i);
        lastTableEnd = i;
        continue;
      }
      if (isSectionHeading(line, this.layout, this.words)) {
        this.section = headingText(line.cells[0].text, this.layout);
        this.sectionGuessed = false;
        headingAt = i;
        this.recordSectionStatus(i, this.section);
        i++;
        continue;
      }
      const transposed = readTransposed(this.body, i, this.layout, this.words);
      if (transposed) {
        for (const column of transposed.columns)
          this.addRow(this.toRawRow(column.name, column.values, column.units, column.line, []));
        i = transposed.end;
        lastTableEnd = i;
        continue;
      }
      i++;
    }
  }

  private isTableStart = (line: TextLine): boolean => matchTableHeader(line, this.layout) !== undefined;

  /** The table header opened by the line at `at`, its words printed above it joined in when the layout says so. */
  private tableHeaderAt(at: number): TextLine | undefined {
    const line = this.body[at];
    const above = this.layout.table.headerAbove;
    const opening = line.cells[0];
    const header =
      above > 0 && opening && opensTable(opening.text, this.layout) ? stackHeader(this.body, at, above, this.layout) : line;
    return matchTableHeader(header, this.layout) ? header : undefined;
  }

  private recordSectionStatus(at: number, heading: string): void {
    const pageLines = this.body.filter((l) => l.page === this.body[at].page);
    const status = sectionStatus(this.body, at, pageLines, this.isTableStart, this.layout, this.words);
    if (status) this.recordStatus(heading, status);
  }

  private recordStatus(panel: string, status: string): void {
    const before = this.panelStatus[panel];
    if (before === undefined) this.panelStatus[panel] = status;
    else if (fold(before) !== fold(status)) {
      this.warnings.push(`panel "${panel}" is printed both "${before}" and "${status}"; kept "${before}"`);
    }
  }

  /**
   * A table with no heading of its own since the previous table: the short line just above it is its
   * heading when it is printed larger than the table (any layout), or whatever it looks like (generic
   * layouts, which then mark the panel as guessed). Otherwise a layout keeps the current section.
   */
  private guessHeading(headerAt: number): void {
    const header = this.body[headerAt];
    const generic = this.layout.headingAboveTable;
    for (let i = headerAt - 1; i >= Math.max(0, headerAt - 3); i--) {
      const line = this.body[i];
      if (line.page !== header.page) break;
      const [first, ...rest] = line.cells;
      if (!first || rest.length > 1 || this.words.isValue(first.text) || this.words.isStatus(first.text)) continue;
      if (first.text.includes(':')) continue;
      if (!generic && first.size < HEADING_SCALE * header.size) continue;
      this.section = first.text;
      this.sectionGuessed = generic;
      const status = rest.find((c) => this.words.isStatus(c.text));
      if (status) this.recordStatus(first.text, status.text);
      return;
    }
    if (generic) this.section = undefined;
  }

  /** Reads the table whose header is at `at`; returns the index of the first line after it. */
  private readTable(at: number): number {
    let headerLine = withWrappedHeaders(this.tableHeaderAt(at) ?? this.body[at], this.body[at - 1]);
    const provisional = resolveHeader(headerLine, [], this.layout, this.words);
    const unitCells: TextCell[] = [];
    const lastBand = provisional.columns.filter((c) => c.role !== 'ignore').slice(-1)[0];
    let i = at + 1;
    for (; i < this.body.length && i <= at + HEADER_TAIL && this.body[i].page === headerLine.page; i++) {
      const line = this.body[i];
      if (line.cells.some((c) => bandAt(provisional.columns, (c.x0 + c.x1) / 2) === provisional.columns[0])) break;
      // Only the cells over the table count: a tile or a table printed beside it shares the line.
      const over = line.cells.filter((c) => c.x0 < lastBand.hi);
      if (over.length > 0 && isUnitLine({ ...line, cells: over }, this.words)) {
        unitCells.push(...over);
        continue;
      }
      if (line.cells.some((c) => this.words.isValue(c.text) || this.words.isStatus(c.text))) break;
      // The name of the first row, printed above its values, is not part of the header.
      if (this.nameAboveValues(i, provisional, DEFAULT_PITCH * line.size, undefined)) break;
      // The rest of a header broken over lines ("Dispositi" / "on"), with units beside it.
      const words = over.filter((c) => !this.words.isUnitRow(c.text));
      const joined = joinHeaderBelow(headerLine, words, this.layout);
      if (joined) {
        headerLine = joined;
        unitCells.push(...over.filter((c) => this.words.isUnitRow(c.text)));
      }
    }
    const header = resolveHeader(headerLine, unitCells, this.layout, this.words);
    const rows: TableRow[] = [];
    let lastY: number | undefined;
    let strays = 0;
    let carried: string | undefined;
    let page = headerLine.page;
    for (; i < this.body.length; i++) {
      const line = this.body[i];
      if (isSectionHeading(line, this.layout, this.words) || this.tableHeaderAt(i)) break;
      const row = readRow(line, header, { nameless: carried !== undefined || this.layout.table.namesAroundValues });
      if (line.page !== page) {
        // A table runs on to the next page only when that page opens with one of its rows.
        const opensPage = this.body[i - 1]?.page !== line.page;
        if (line.page !== page + 1 || !opensPage || !row || !this.holdsResult(row, header)) break;
        page = line.page;
        lastY = undefined;
      }
      const pitch = rowPitch(rows) ?? DEFAULT_PITCH * line.size;
      if (lastY !== undefined && line.y - lastY > TABLE_GAP * pitch) break;
      if (!row) continue;
      if (row.name === '') {
        // Values printed without a name: the name is the line just above, printed higher than its values.
        const nameBelow = carried === undefined && this.layout.table.namesAroundValues && this.holdsResult(row, header);
        if (nameBelow) {
          // Where names wrap around their values it may follow below; the row is kept, and doubted until it does.
          row.doubts.push(UNNAMED);
        } else {
          if (carried === undefined || !this.holdsResult(row, header)) continue;
          row.name = carried;
          carried = undefined;
        }
      } else if (carried !== undefined && this.holdsResult(row, header)) {
        // The name starts on the line above its values and goes on beside them.
        row.name = `${carried} ${row.name}`;
        carried = undefined;
      }
      if (this.holdsResult(row, header)) {
        rows.push(row);
        lastY = line.y;
        strays = 0;
        continue;
      }
      const previous = rows[rows.length - 1];
      if (!isNameContinuation(row.name)) break;
      if (this.nameAboveValues(i, header, pitch, lastY)) {
        carried = carried === undefined ? row.name : `${carried} ${row.name}`;
        continue;
      }
      if (previous && lastY !== undefined && line.y - lastY <= 1.05 * pitch) {
        previous.name =
          this.layout.table.joinHyphenatedNames && /\p{L}-$/u.test(previous.name)
            ? `${previous.name.slice(0, -1)}${row.name}`
            : `${previous.name} ${row.name}`.trim();
        previous.doubts = previous.doubts.filter((d) => d !== UNNAMED);
        if (this.layout.table.namesAroundValues && this.asNearBelow(i, header, pitch, lastY)) {
          previous.doubts.push(
            `the name line "${row.name}" is printed as near the values below it as this row's; taken as this row's`,
          );
        }
        lastY = line.y;
        continue;
      }
      // A short line without values inside a table (a sub-heading) is passed over; two in a row end it.
      if (++strays >= 2) break;
    }
    for (const row of rows) this.addTableRow(row, header);
    return i;
  }

  /**
   * The name at `at` belongs to the line of values after it: that line prints values without a name, close enough
   * below; or, where names wrap around their values (`namesAroundValues`), it prints values nearer below than
   * the row above (`lastY`) is.
   */
  private nameAboveValues(at: number, header: TableHeader, pitch: number, lastY: number | undefined): boolean {
    const line = this.body[at];
    const next = this.body[at + 1];
    if (!next || next.page !== line.page || next.y - line.y > pitch) return false;
    const row = readRow(next, header, { nameless: true });
    if (row === undefined || !this.holdsResult(row, header)) return false;
    if (row.name === '') return true;
    return this.layout.table.namesAroundValues && (lastY === undefined || next.y - line.y < line.y - lastY);
  }

  /** Where names wrap around their values: the line at `at` is about as far from the row above as from the values below. */
  private asNearBelow(at: number, header: TableHeader, pitch: number, lastY: number): boolean {
    const line = this.body[at];
    const next = this.body[at + 1];
    if (!next || next.page !== line.page || next.y - line.y > pitch) return false;
    const row = readRow(next, header, { nameless: true });
    if (row === undefined || !this.holdsResult(row, header)) return false;
    return Math.abs(next.y - line.y - (line.y - lastY)) <= EQUIDISTANT * line.size;
  }

  /** Results the layout says are printed as a line of text ("Moisture: 14.6 %"), each where it is printed. */
  private addLineResults(): void {
    const rules = this.layout.lineResults.map((r) => ({
      ...r,
      re: new RegExp(r.pattern, 'iu'),
      after: r.after !== undefined ? new RegExp(r.after, 'iu') : undefined,
    }));
    if (rules.length === 0) return;
    for (const [i, line] of this.body.entries()) {
      const above = this.body[i - 1]?.page === line.page ? this.body[i - 1] : undefined;
      for (const rule of rules) {
        if (rule.pages === 'afterFirst' && line.page === 1) continue;
        if (rule.after && !(above && rule.after.test(above.text))) continue;
        const m = rule.re.exec(line.text);
        const value = m?.groups?.value?.trim();
        if (!m || !value) continue;
        const unitText = m.groups?.unit?.trim();
        this.rows.push({
          name: rule.name,
          valueText: value,
          ...(unitText ? { unitText } : {}),
          panelHint: rule.panel,
          provenance: this.provenance(line),
        });
      }
    }
  }

  /**
   * A row prints at least one value or status where the header says one goes (a visual inspection prints its
   * result as a status word, "PASS"); notes and sign-offs do not.
   */
  private holdsResult(row: TableRow, header: TableHeader): boolean {
    const leading = new Set<string>(header.columns.filter((c) => c.leading).map((c) => c.role));
    return Object.entries(row.values).some(([role, text]) =>
      text === undefined || role === 'unit' || role === 'ignore' || leading.has(role)
        ? false
        : role === 'status' || role === 'result'
          ? this.words.isStatus(text) || (role === 'result' && this.words.isValue(text))
          : this.words.isValue(text) || (role === 'limit' && /^n\/?a$/i.test(text)),
    );
  }

  private addTableRow(row: TableRow, header: TableHeader): void {
    if (this.layout.table.skipRows.some((p) => new RegExp(p, 'iu').test(row.name))) return;
    const units: Partial<Record<string, string>> = { ...header.orderUnits };
    if (!header.orderRoles)
      for (const column of header.columns)
        if (column.unit) for (const role of column.split?.roles ?? [column.role]) units[role] = column.unit;
    this.addRow(this.toRawRow(row.name, row.values, units, row.line, [...row.doubts]));
  }

  private toRawRow(
    name: string,
    values: Partial<Record<string, string>>,
    units: Partial<Record<string, string>>,
    line: TextLine,
    doubts: string[],
  ): RawResultRow | undefined {
    const valueText = values.result;
    if (valueText === undefined) {
      this.warnings.push(`page ${line.page}, line ${line.line}: "${name}" has no result value; not read`);
      return undefined;
    }
    // A unit column printing "N/A" (a presence test) prints no unit.
    const printedUnit = values.unit !== undefined && !/^n\/?a$/i.test(values.unit.trim()) ? values.unit : undefined;
    const unitText =
      printedUnit ?? units.result ?? this.words.unitOf(valueText) ?? (values.limit ? this.words.unitOf(values.limit) : undefined);
    const extra: Record<string, string> = {};
    for (const [role, text] of Object.entries(values)) {
      if (role.startsWith('extra:') && text !== undefined) extra[role.slice('extra:'.length)] = text;
    }
    for (const role of ['loq', 'lod', 'limit'] as const) {
      const unit = units[role];
      if (values[role] !== undefined && unit !== undefined) extra[`${role}Unit`] = unit;
    }
    const unitFromLayout = unitText === undefined ? this.layoutUnit(name, valueText) : undefined;
    if (this.layout.generic) doubts.push(...this.genericDoubts(valueText, unitText ?? unitFromLayout, values));
    const analyteKey = Object.entries(this.layout.analytes).find(([printed]) => sameName(printed, name))?.[1];
    const row: RawResultRow = {
      name,
      ...(analyteKey !== undefined ? { analyteKey } : {}),
      valueText,
      ...(unitText !== undefined ? { unitText } : {}),
      ...(unitFromLayout !== undefined ? { unitFromLayout } : {}),
      ...(values.loq !== undefined ? { loqText: values.loq } : {}),
      ...(values.lod !== undefined ? { lodText: values.lod } : {}),
      ...(values.limit !== undefined ? { limitText: values.limit } : {}),
      ...(values.status !== undefined ? { statusText: values.status } : {}),
      ...(this.section !== undefined ? { panelHint: this.section } : {}),
      ...(Object.keys(extra).length > 0 ? { extra } : {}),
      ...(doubts.length > 0 ? { unsure: doubts.join('; ') } : {}),
      provenance: this.provenance(line),
    };
    return row;
  }

  /** The unit the layout declares for a row of this panel that prints none ("" for a presence test). */
  private layoutUnit(name: string, valueText: string): string | undefined {
    const units = this.layout.panelUnits;
    const resolved = resolveAnalyte(name, this.section !== undefined ? { panelHint: this.section } : {});
    const panel = resolved.ok ? resolved.analyte.panel : this.section !== undefined ? parsePanel(this.section) : null;
    if (!panel || panel === 'other') return undefined;
    const presence = panel === 'microbials' && units.presence !== undefined && parseQualifier(valueText) !== null;
    const declared = presence ? units.presence : units[panel];
    if (declared === undefined) return undefined;
    return declared === 'none' ? '' : declared;
  }

  private genericDoubts(valueText: string, unitText: string | undefined, values: Partial<Record<string, string>>): string[] {
    const doubts: string[] = ["read by the generic layout: no layout knows this lab's certificates"];
    if (this.section === undefined) doubts.push('no panel heading found');
    else if (this.sectionGuessed) doubts.push(`panel taken from the line above the table ("${this.section}")`);
    if (!this.words.isValue(valueText)) doubts.push(`result "${valueText}" is neither a number nor a known result word`);
    if (unitText === undefined) doubts.push('no unit printed for the result');
    for (const role of ['loq', 'lod', 'limit'] as const) {
      const text = values[role];
      if (text !== undefined && !this.words.isValue(text) && !/^n\/?a$/i.test(text))
        doubts.push(`${role} "${text}" is not a number`);
    }
    if (values.status !== undefined && !this.words.isStatus(values.status))
      doubts.push(`status "${values.status}" is not a known status word`);
    return doubts;
  }

  private addRow(row: RawResultRow | undefined): void {
    if (row) this.rows.push(row);
  }

  private provenance(line: TextLine): RawResultRow['provenance'] {
    return { kind: 'text', sha256: this.sha256, page: line.page, line: line.line, context: line.text };
  }

  /**
   * Summary tiles give panel statuses, and rows for values printed only there (total THC, moisture,
   * water activity). When a value tile repeats (page 1 and its own page), the one carrying the most
   * (limit, status) is kept; a tile that repeats a table row is dropped.
   */
  private addTiles(): void {
    const tiles = findTiles(this.doc.pages, this.layout, this.words);
    for (const tile of tiles) if (tile.status) this.recordStatus(tile.label, tile.status);
    const best = new Map<number, Tile>();
    for (const tile of tiles) {
      if (!tile.value || tile.definitionIndex === undefined) continue;
      const kept = best.get(tile.definitionIndex);
      if (!kept || tileWeight(tile) > tileWeight(kept)) best.set(tile.definitionIndex, tile);
    }
    const inReadingOrder = [...best.values()].sort(
      (a, b) => (a.value?.line.page ?? 0) - (b.value?.line.page ?? 0) || (a.value?.line.line ?? 0) - (b.value?.line.line ?? 0),
    );
    for (const tile of inReadingOrder) {
      const definition = tile.definition;
      const value = tile.value;
      if (!definition || !value) continue;
      const duplicate = this.rows.some(
        (r) => r.panelHint !== undefined && sameName(r.panelHint, definition.panel) && sameName(r.name, tile.label),
      );
      if (duplicate) continue;
      const unitText = this.words.unitOf(value.text) ?? definition.unit;
      this.rows.push({
        name: tile.label,
        valueText: value.text,
        ...(unitText !== undefined ? { unitText } : {}),
        ...(tile.limit !== undefined ? { limitText: tile.limit } : {}),
        ...(tile.status !== undefined ? { statusText: tile.status } : {}),
        panelHint: definition.panel,
        provenance: this.provenance(value.line),
      });
    }
  }

  private printedTotals(): PrintedTotal[] {
    const totals: PrintedTotal[] = [];
    for (const total of this.layout.totals) {
      const row = this.rows.find(
        (r) =>
          inList(r.name, total.names) &&
          (total.panel === undefined || (r.panelHint !== undefined && sameName(r.panelHint, total.panel))),
      );
      if (!row || totals.some((t) => t.analyte === total.key)) continue;
      totals.push({
        analyte: total.key,
        valueText: row.valueText,
        ...(row.unitText !== undefined ? { unitText: row.unitText } : {}),
        provenance: row.provenance,
      });
    }
    return totals;
  }
}

/** A header cell that is only a unit in brackets, its column's name printed on the line above ("LOQ" / "(ppb)"). */
const BARE_UNIT = /^\([^()]+\)$/;

/**
 * The header line with each bare unit cell joined to the cell printed just above it ("LOQ (ppb)"), when the line
 * above is close and on the same page; other cells as they are.
 */
function withWrappedHeaders(header: TextLine, above: TextLine | undefined): TextLine {
  if (!above || above.page !== header.page || header.y - above.y > 1.6 * header.size) return header;
  if (!header.cells.some((c) => BARE_UNIT.test(c.text.trim()))) return header;
  const cells = header.cells.map((cell) => {
    if (!BARE_UNIT.test(cell.text.trim())) return cell;
    const over = above.cells.find((a) => a.x0 < cell.x1 && a.x1 > cell.x0);
    if (!over) return cell;
    const text = `${over.text} ${cell.text}`;
    const x0 = Math.min(over.x0, cell.x0);
    const x1 = Math.max(over.x1, cell.x1);
    return { ...cell, text, x0, x1, parts: [{ ...cell.parts[0], text, x0, x1 }] };
  });
  return { ...header, cells, text: cells.map((c) => c.text).join(' ') };
}

function tileWeight(tile: Tile): number {
  return (tile.limit !== undefined ? 2 : 0) + (tile.status !== undefined ? 1 : 0);
}

function rowPitch(rows: TableRow[]): number | undefined {
  const gaps = rows
    .slice(1)
    .map((r, i) => r.line.y - rows[i].line.y)
    .filter((gap) => gap > 0)
    .sort((a, b) => a - b);
  if (gaps.length === 0) return undefined;
  return gaps[Math.floor(gaps.length / 2)];
}

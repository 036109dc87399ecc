import type { CertificateMeta } from '../parsed-batch';
import { toIsoDate } from './certificate-dates';
import type { CoaDocument } from './coa-document';
import type { CoaLayout, MetadataRule } from './coa-layout.schema';
import type { TextCell, TextLine } from './text-line';

/** Edges closer than this (points) count as aligned in a printed block. */
const ALIGNED = 2.5;

export interface MetadataResult {
  meta: CertificateMeta;
  warnings: string[];
}

/** Reads the certificate-level facts the layout describes (lab, client, sample, dates…). */
export function extractMetadata(doc: CoaDocument, layout: CoaLayout): MetadataResult {
  const meta: CertificateMeta = {};
  const warnings: string[] = [];
  for (const rule of layout.metadata) {
    if (meta[rule.field] !== undefined) continue;
    const found = findValues(doc, rule);
    if (found.length === 0) continue;
    if (rule.format === 'text') {
      meta[rule.field] = rule.take === 'last' ? found[found.length - 1] : found[0];
      continue;
    }
    const dated = found.map((printed) => ({ printed, iso: toIsoDate(printed, layout.dates.order, rule.format === 'datetime') }));
    const readable = dated.filter((d): d is { printed: string; iso: string } => d.iso !== undefined);
    if (readable.length === 0) {
      meta[rule.field] = dated[0].printed;
      warnings.push(`${rule.field}: "${dated[0].printed}" is not a date this layout can read; kept as printed`);
      continue;
    }
    const chosen =
      rule.take === 'latest'
        ? readable.reduce((a, b) => (b.iso > a.iso ? b : a))
        : rule.take === 'last'
          ? readable[readable.length - 1]
          : readable[0];
    meta[rule.field] = chosen.iso;
  }
  return { meta, warnings };
}

function findValues(doc: CoaDocument, rule: MetadataRule): string[] {
  const found = matches(doc, rule, rule.region);
  if (found.length > 0 || rule.region === 'any' || hasChrome(doc)) return found;
  // A one-page certificate has no repeated header or footer to find: its top and bottom stand in.
  const anywhere = matches(doc, rule, 'any');
  const edge = rule.region === 'footer' ? anywhere[anywhere.length - 1] : anywhere[0];
  return edge === undefined ? [] : [edge];
}

function hasChrome(doc: CoaDocument): boolean {
  return doc.pages.some((lines) => lines.some((l) => l.region !== 'body'));
}

function matches(doc: CoaDocument, rule: MetadataRule, region: MetadataRule['region']): string[] {
  const pattern = new RegExp(rule.pattern, 'iu');
  const pages = rule.pages === 'first' ? doc.pages.slice(0, 1) : doc.pages;
  const values: string[] = [];
  for (const lines of pages) {
    for (const line of lines) {
      if (region !== 'any' && line.region !== region) continue;
      const targets =
        rule.match === 'line' ? [{ text: line.text, cell: line.cells[0] }] : line.cells.map((c) => ({ text: c.text, cell: c }));
      for (const target of targets) {
        const m = pattern.exec(target.text);
        if (!m) continue;
        const value = rule.stack === undefined ? m.groups?.value : stackedValue(lines, line, target.cell, rule);
        const cleaned = value?.replace(/[\s;,]+$/u, '').trim();
        if (cleaned) values.push(cleaned);
      }
    }
  }
  return values;
}

/** The cell `rule.stack` places away from `anchor` among cells aligned with it on the same page. */
function stackedValue(lines: TextLine[], anchorLine: TextLine, anchor: TextCell, rule: MetadataRule): string | undefined {
  const aligned = lines
    .flatMap((line) => line.cells.map((cell) => ({ line, cell })))
    .filter(({ cell }) => Math.abs(cell.x0 - anchor.x0) <= ALIGNED || Math.abs(cell.x1 - anchor.x1) <= ALIGNED)
    .sort((a, b) => a.line.y - b.line.y || a.cell.x0 - b.cell.x0);
  const at = aligned.findIndex(({ line, cell }) => cell === anchor && line.y === anchorLine.y);
  const target = at < 0 ? undefined : aligned[at + (rule.stack ?? 0)];
  if (!target) return undefined;
  if (!rule.valuePattern) return target.cell.text;
  return new RegExp(rule.valuePattern, 'iu').exec(target.cell.text)?.groups?.value;
}

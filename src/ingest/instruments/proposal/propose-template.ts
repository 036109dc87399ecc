import { isConcentrationUnit } from '../calculation';
import { type ColumnRef, type InstrumentTemplate } from '../instrument-template.schema';
import { cleanText, columnLetter, headerKey, type SheetGrid, type TableFile } from '../table-file';
import { findBlockMarkers, type BlockMarker } from './block-markers';
import { columnStats, findHeaderRow, type ColumnStats } from './file-analysis';
import { findKeyValueShape } from './key-value-proposal';
import { proposeKeyValueWorkbook } from './key-value-template';
import { columnIndexOf, namesOutsideCatalog, refMaker, slug, validatedProposal } from './proposal-support';
import { findSampleBlocksShape } from './sample-blocks-proposal';
import { proposeSampleBlocks } from './sample-blocks-template';
import {
  INTERNAL_STANDARD_PATTERNS,
  measuresOf,
  QC_NAME_RULES,
  rolesOf,
  sampleTypeKind,
  STATISTIC_ROW_PATTERN,
  valueRank,
  type ColumnRole,
} from './header-vocabulary';

export type ProposedLayoutType = 'long' | 'wide' | 'compound_blocks' | 'two_header_rows' | 'key_value_workbook' | 'sample_blocks';

export interface ProposedColumn {
  /** Spreadsheet letter of the column ("A"), the key the teach page edits roles by. */
  column: string;
  header: string;
  role: ColumnRole;
  /** False when the engine is not sure of the role: a person should look at it. */
  sure: boolean;
  why: string;
}

/** A person's edits to a proposal, sent back with the same file. */
export interface ProposalChoices {
  /** Role per column letter, replacing the engine's. */
  roles?: Record<string, ColumnRole>;
  id?: string;
  title?: string;
  instrument?: string;
  /** The unit the instrument reports in when the file prints none. */
  unit?: string;
  calculation?: 'none' | 'concentration_to_mass_fraction';
}

export interface TemplateProposal {
  /** A complete template the instrument-template schema validated; null when a required role is missing. */
  template: InstrumentTemplate | null;
  layout: { type: ProposedLayoutType; sheet?: string; headerRow: number; blocks?: string; groups?: string[] };
  columns: ProposedColumn[];
  /** Every role or setting the engine is unsure of, in words; nothing is guessed silently. */
  unsure: string[];
  /** What the engine found and why it chose it. */
  notes: string[];
  /** Required roles still missing (the template is null until a person picks them). */
  missing: string[];
  /** Share of the used columns whose role the engine is sure of, 0–1. */
  confidence: number;
}

/** The file holds no table the engine can read as an instrument export. */
export class NoTableFound extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'NoTableFound';
  }
}

/**
 * Reads an export no template fits and proposes one: the header row, the layout (one row per result, one
 * column per analyte, per-compound blocks, or column groups under a second header row), the role of every
 * column, units, qualifiers, QC rules and the calculation. Pure: the caller runs the proposal through the
 * real engine for a preview, and a person accepts or edits it.
 */
export function proposeTemplate(table: TableFile, fileName: string, choices: ProposalChoices = {}): TemplateProposal {
  const keyValue = findKeyValueShape(table);
  if (keyValue) return proposeKeyValueWorkbook(table, fileName, choices, keyValue);
  const sampleBlocks = findSampleBlocksShape(table);
  if (sampleBlocks) return proposeSampleBlocks(table, fileName, choices, sampleBlocks);
  const found = findHeaderRow(table);
  if (!found)
    throw new NoTableFound(
      'no header row with data under it in the first 60 rows of any sheet: the file holds no table of results',
    );
  const { sheet, headerIndex } = found;
  const header = sheet.rows[headerIndex];
  const stats = columnStats(sheet, headerIndex);
  const notes = [`header row ${header.number}${sheet.name ? ` of sheet "${sheet.name}"` : ''}: ${found.why.join('; ')}`];
  const unsure: string[] = [];

  const blocks = findBlockMarkers(sheet, headerIndex);
  const groups = blocks ? undefined : groupLabels(sheet, headerIndex);
  const auto = assignRoles(stats, { groups, blocks });
  const roles = new Map(auto.map((c) => [c.column, c]));
  for (const [column, role] of Object.entries(choices.roles ?? {})) {
    const existing = roles.get(column);
    if (existing) roles.set(column, { ...existing, role, sure: true, why: 'chosen by a person' });
  }
  const columns = [...roles.values()];
  const layoutType: ProposedLayoutType = groups
    ? 'two_header_rows'
    : blocks
      ? 'compound_blocks'
      : columns.some((c) => c.role === 'analyte' || c.role === 'value')
        ? 'long'
        : wideAnalytes(stats, columns).length >= 2
          ? 'wide'
          : 'long';
  if (groups) notes.push(`a group label row above the header: ${groups.labels.map((g) => `"${g.label}"`).join(', ')}`);
  if (blocks)
    notes.push(
      'label' in blocks
        ? `per-compound blocks named by "${blocks.label}" rows (${blocks.names.length} compounds, e.g. "${blocks.names[0]}")`
        : `per-compound blocks named by "${blocks.prefix} N: name" lines (${blocks.names.length} compounds)`,
    );

  const of = (role: ColumnRole) => columns.filter((c) => c.role === role);
  const missing: string[] = [];
  const sampleCol = of('sample_id')[0] ?? of('sample_name')[0];
  if (!sampleCol) missing.push('a sample column (sample ID or sample name)');
  const valueCol = of('value')[0];
  if (layoutType !== 'wide' && !valueCol) missing.push('a value column (the result)');
  let analyteCol = of('analyte')[0];
  const measured = valueCol ? measuresOf(valueCol.header) : 'result';
  // A Cq beside a target column is the per-target cycle the lab's own template keeps as printed (unit "Cq": any
  // cycle reads as detected, "No Cq" as not); a Cq with no target names nothing and stays refused without a kit.
  const cqPerTarget = measured === 'cq' && analyteCol !== undefined && layoutType === 'long';
  const measures = cqPerTarget ? 'result' : measured;
  if (cqPerTarget)
    unsure.push(
      `"${valueCol?.header}" holds a Cq per target ("${analyteCol?.header}"): kept as printed with the unit "Cq", read as detected at any cycle and not detected where no cycle is printed; a kit table with the kit's Cq cut-off would decide instead`,
    );
  if (layoutType === 'long' && !analyteCol) {
    if (measures !== 'result' && sampleCol) {
      analyteCol = sampleCol;
      unsure.push(
        `no target column: each well's name (${sampleCol.header}) stands for the target, as Cq-per-well exports print it`,
      );
    } else missing.push('an analyte column (or per-compound blocks, or one column per analyte)');
  }
  for (const c of columns)
    if (!c.sure && c.role !== 'ignore') unsure.push(`column ${c.column} "${c.header}" as ${c.role}: ${c.why}`);

  const refs = refMaker(header);
  const units = cqPerTarget
    ? { sources: [{ from: 'fixed', value: 'Cq' }], concentrationUnits: [], calls: true }
    : unitSources(stats, columns, layoutType, choices, refs, unsure, notes);
  const concentration = units.concentrationUnits.length > 0;
  // A "Conc." printed without a unit is read in solution unless its header says it is final: the calculation only
  // applies once the method or upload gives a concentration unit, and a mass-fraction unit passes through it.
  const unitless =
    units.sources.length === 0 &&
    measures === 'result' &&
    valueCol !== undefined &&
    !isFinalHeader(valueCol.header) &&
    !units.calls;
  const calculation = choices.calculation ?? (concentration || unitless ? 'concentration_to_mass_fraction' : 'none');
  if (calculation === 'concentration_to_mass_fraction' && !choices.calculation)
    unsure.push(
      concentration
        ? `the file reports ${units.concentrationUnits.join(', ')}, a concentration in solution: the final result is computed from each sample's mass, volume and dilution (from the upload or the sample)`
        : `"${valueCol?.header}" is read as a concentration in solution once the method gives its unit: the final result is computed from each sample's mass, volume and dilution`,
    );
  if (measures === 'peak_area')
    unsure.push(`"${valueCol?.header}" holds peak areas: a file of areas cannot produce results and will be refused`);
  if (measures === 'cq')
    unsure.push(`"${valueCol?.header}" holds Cq values: without a kit table (target → analyte, Cq cut-off) the file is refused`);

  const printedNames =
    layoutType === 'long' && analyteCol && analyteCol !== sampleCol
      ? stats[columnIndexOf(analyteCol.column)].distinct
      : (blocks?.names ?? []);
  const unknownNames = namesOutsideCatalog(printedNames);
  if (unknownNames.length > 0) unsure.push(unknownNames);

  const layoutInfo: TemplateProposal['layout'] = {
    type: layoutType,
    ...(sheet.name !== undefined ? { sheet: sheet.name } : {}),
    headerRow: header.number,
    ...(blocks ? { blocks: 'label' in blocks ? `label "${blocks.label}"` : `pattern ${blocks.pattern}` } : {}),
    ...(groups ? { groups: groups.labels.map((g) => g.label) } : {}),
  };
  const usedColumns = columns.filter((c) => c.role !== 'ignore' && c.role !== 'extra');
  const confidence = usedColumns.length === 0 ? 0 : usedColumns.filter((c) => c.sure).length / usedColumns.length;
  const base = { layout: layoutInfo, columns, unsure, notes, missing, confidence: Math.round(confidence * 100) / 100 };
  if (missing.length > 0) return { template: null, ...base };

  const sample = sampleRefs(columns, refs);
  const result = (role: ColumnRole) => of(role).map((c) => refs(c.column));
  const resultColumns = {
    value: refs(valueCol?.column ?? ''),
    ...(of('loq')[0] ? { loq: refs(of('loq')[0].column) } : {}),
    ...(of('lod')[0] ? { lod: refs(of('lod')[0].column) } : {}),
    flags: result('flag'),
    extra: result('extra'),
  };
  const statisticColumn = stats.find((s) => s.distinct.some((d) => new RegExp(STATISTIC_ROW_PATTERN, 'i').test(d)));
  const skipRows = statisticColumn ? [{ column: refs(columnLetter(statisticColumn.index)), pattern: STATISTIC_ROW_PATTERN }] : [];
  if (statisticColumn) notes.push(`statistic rows (Average, %RSD…) in column ${columnLetter(statisticColumn.index)} are skipped`);
  const signature = signatureCells(columns, refs, layoutType);
  const headerSignature = { cells: signature, searchRows: headerIndex + 10 };
  const sheetChoice = sheet.name !== undefined && table.sheets.length > 1 ? { sheet: { names: [sheet.name] } } : {};

  let layout: unknown;
  if (layoutType === 'long')
    layout = {
      type: 'long',
      ...sheetChoice,
      header: headerSignature,
      sample,
      analyte: refs(analyteCol.column),
      columns: resultColumns,
      skipRows,
    };
  else if (layoutType === 'compound_blocks' && blocks)
    layout = {
      type: 'compound_blocks',
      ...sheetChoice,
      blockName: 'label' in blocks ? { label: blocks.label } : { pattern: blocks.pattern },
      header: headerSignature,
      sample,
      columns: resultColumns,
      skipRows,
    };
  else if (layoutType === 'two_header_rows' && groups)
    layout = {
      type: 'two_header_rows',
      ...sheetChoice,
      header: headerSignature,
      sampleGroup: groups.sampleGroupOf(columnIndexOf(sampleCol?.column ?? 'A')),
      sample,
      analyteGroups: groups.analytePattern,
      columns: resultColumns,
      skipRows,
    };
  else
    layout = {
      type: 'wide',
      ...sheetChoice,
      header: headerSignature,
      sample,
      analyteColumns: units.headerPattern
        ? { pattern: units.headerPattern }
        : {
            exclude: columns
              .filter((c) => c.role !== 'analyte' && c.role !== 'value' && c.header !== '')
              .map((c) => refs(c.column)),
          },
      columns: { flags: result('flag'), extra: result('extra') },
      skipRows,
    };

  const sampleTypes = of('sample_type')[0] ? stats[columnIndexOf(of('sample_type')[0].column)].distinct : [];
  const qcValues = sampleTypes.filter((t) => sampleTypeKind(t) === 'qc');
  const strange = sampleTypes.filter((t) => sampleTypeKind(t) === 'unknown');
  if (strange.length > 0)
    unsure.push(
      `sample types read as samples, not QC: ${strange
        .slice(0, 10)
        .map((t) => `"${t}"`)
        .join(', ')}`,
    );
  if (qcValues.length > 0) notes.push(`QC by sample type: ${qcValues.map((t) => `"${t}"`).join(', ')}`);
  const qualifiers = valueCol ? stats[columnIndexOf(valueCol.column)].tokens.filter((t) => t.length <= 30) : [];
  if (qualifiers.length > 0) notes.push(`printed instead of a number: ${qualifiers.map((q) => `"${q}"`).join(', ')}`);

  const stem = fileName.replace(/\.[^.]+$/, '');
  const draft = {
    id: choices.id ?? `lab-${slug(stem) || 'export'}`,
    version: '1',
    title: choices.title ?? `${stem} (taught)`,
    instrument: choices.instrument ?? 'taught from an example export',
    description: `Proposed from ${fileName}: ${notes.join('; ')}`,
    fileKinds: [table.kind],
    match: {
      score: 500,
      ...(sheet.name !== undefined ? { sheets: [sheet.name] } : {}),
      rows: [{ ...(sheet.name !== undefined ? { sheet: sheet.name } : {}), cells: signature, searchRows: headerIndex + 10 }],
    },
    layout,
    units: units.sources,
    qualifiers,
    measures,
    qc: {
      ...(qcValues.length > 0 ? { sampleType: { qcValues } } : {}),
      sampleNames: QC_NAME_RULES,
      internalStandards: INTERNAL_STANDARD_PATTERNS.map((analyte) => ({ analyte })),
    },
    calculation:
      calculation === 'concentration_to_mass_fraction'
        ? {
            operation: 'concentration_to_mass_fraction',
            resultUnit: 'ug/g',
            inputs: {
              mass: [{ from: 'upload' }],
              volume: [{ from: 'upload' }],
              dilution: [{ from: 'upload' }, { from: 'default', value: '1' }],
            },
          }
        : { operation: 'none' },
  };
  return validatedProposal(draft, base);
}

interface Groups {
  labels: Array<{ label: string; from: number; to: number }>;
  sampleGroupOf(column: number): string;
  analytePattern: { pattern: string; ignore: string[] };
  /** Column range of the first analyte group: where its value, LOQ, flag columns are named. */
  firstAnalyte?: { from: number; to: number };
}

/**
 * A group label row directly above the header: sparse labels ("Sample", "THC Results", "TPP (ISTD) Results")
 * each spanning to the next, at least two of them over analyte columns. Undefined otherwise.
 */
function groupLabels(sheet: SheetGrid, headerIndex: number): Groups | undefined {
  if (headerIndex === 0) return undefined;
  const above = sheet.rows[headerIndex - 1];
  const header = sheet.rows[headerIndex];
  const width = header.cells.length;
  const at = above.cells.map((c, i) => ({ label: cleanText(c.text), i })).filter((l) => l.label !== '');
  if (at.length < 2 || at.length > width / 3) return undefined;
  // Groups repeat their columns ("RT", "Final Conc." under every compound); a label row over distinct headers is a title.
  const keys = header.cells.map((c) => headerKey(c.text)).filter((k) => k !== '');
  if (new Set(keys).size === keys.length) return undefined;
  const results = at.filter((l) => /\s+Results$/i.test(l.label));
  const labels = at.map((l, k) => ({ label: l.label, from: l.i, to: (at[k + 1]?.i ?? width) - 1 }));
  if (at[0].i > 0) labels.unshift({ label: '', from: 0, to: at[0].i - 1 });
  const pattern = results.length >= 1 ? '^(?<name>.+?)\\s+Results$' : '^(?<name>.+)$';
  const ignore = at.some((l) => /^Qualifier\b/i.test(l.label)) ? ['^Qualifier\\b'] : [];
  const analyteGroups = labels.filter(
    (g, k) => k > 0 && new RegExp(pattern, 'i').test(g.label) && !ignore.some((p) => new RegExp(p, 'i').test(g.label)),
  );
  if (analyteGroups.length === 0) return undefined;
  return {
    labels,
    sampleGroupOf: (column) => labels.find((g) => column >= g.from && column <= g.to)?.label ?? '',
    analytePattern: { pattern, ignore },
    firstAnalyte: { from: analyteGroups[0].from, to: analyteGroups[0].to },
  };
}

function assignRoles(stats: ColumnStats[], shape: { groups?: Groups; blocks?: BlockMarker }): ProposedColumn[] {
  const out: ProposedColumn[] = stats.map((s) => ({
    column: columnLetter(s.index),
    header: s.header,
    role: 'ignore',
    sure: true,
    why: s.header === '' ? 'no header' : 'not a word the engine knows for a role',
  }));
  const inRange = (s: ColumnStats, range?: { from: number; to: number }) =>
    !range || (s.index >= range.from && s.index <= range.to);
  const sampleArea = shape.groups ? { from: 0, to: (shape.groups.firstAnalyte?.from ?? 1) - 1 } : undefined;
  const resultArea = shape.groups?.firstAnalyte;
  const taken = new Set<number>();
  const set = (s: ColumnStats, role: ColumnRole, sure: boolean, why: string) => {
    out[s.index] = { ...out[s.index], role, sure, why };
    taken.add(s.index);
  };
  const candidates = (role: ColumnRole, area?: { from: number; to: number }) =>
    stats.filter((s) => !taken.has(s.index) && inRange(s, area) && s.filled > 0 && rolesOf(s.header).includes(role as never));
  const exact = (s: ColumnStats, role: ColumnRole) => rolesOf(s.header)[0] === role && headerKey(s.header) !== 'name';

  // The result first: the best-ranked value header that holds a number or a word in its rows.
  const values = stats
    .filter((s) => inRange(s, resultArea) && valueRank(s.header) !== undefined && s.filled > 0)
    .filter(
      (s) =>
        s.numeric > 0 ||
        s.tokens.some((t) => /^(present|absent|presence|absence|detected|not detected|nd|positive|negative|pass|fail)$/i.test(t)),
    )
    .sort((a, b) => (valueRank(a.header) ?? 0) - (valueRank(b.header) ?? 0));
  if (values[0])
    set(values[0], 'value', true, `"${values[0].header}" is a result header and holds ${values[0].numeric} number(s)`);

  const hasSampleText = stats.some((s) => ['sample text', 'sample name', 'sample id', 'sample'].includes(headerKey(s.header)));
  const sampleId = candidates('sample_id', sampleArea)[0];
  if (sampleId) set(sampleId, 'sample_id', exact(sampleId, 'sample_id'), `"${sampleId.header}" names the sample`);
  const sampleName = candidates('sample_name', sampleArea).find((s) => headerKey(s.header) !== 'name' || !hasSampleText);
  if (
    sampleName &&
    !(
      headerKey(sampleName.header) === 'name' &&
      shape.blocks === undefined &&
      !shape.groups &&
      stats.some((s) => rolesOf(s.header).includes('analyte') && headerKey(s.header) !== 'name')
    )
  ) {
    const plainName = headerKey(sampleName.header) === 'name';
    if (!sampleId && plainName) set(sampleName, 'sample_id', false, '"Name" beside no other sample column: read as the sample');
    else set(sampleName, 'sample_name', !plainName, `"${sampleName.header}" names the sample`);
  }
  const type = candidates('sample_type', sampleArea)[0];
  if (type)
    set(
      type,
      'sample_type',
      exact(type, 'sample_type'),
      `"${type.header}" tells samples from QC: ${type.distinct.slice(0, 6).join(', ')}`,
    );
  for (const s of candidates('injection', sampleArea))
    if (!out.some((c) => c.role === 'injection'))
      set(s, 'injection', headerKey(s.header) !== 'name', `"${s.header}" names the injection or data file`);
  if (!out.some((c) => c.role === 'sample_id' || c.role === 'sample_name')) {
    const injection = out.find((c) => c.role === 'injection');
    if (injection) {
      out[columnIndexOf(injection.column)] = {
        ...injection,
        role: 'sample_id',
        sure: false,
        why: 'no sample column: the data file names the sample',
      };
    }
  }
  if (!shape.blocks && !shape.groups) {
    const analyte = candidates('analyte')[0];
    if (analyte) set(analyte, 'analyte', exact(analyte, 'analyte'), `"${analyte.header}" names the analyte`);
  }
  for (const role of ['unit', 'loq', 'lod'] as const) {
    const c = candidates(role, role === 'unit' ? undefined : resultArea)[0];
    if (c) set(c, role, true, `"${c.header}" is a ${role} header`);
  }
  for (const s of candidates('flag', resultArea)) set(s, 'flag', true, `"${s.header}" is a flag the instrument prints`);
  for (const s of stats)
    if (
      !taken.has(s.index) &&
      inRange(s, resultArea ?? undefined) &&
      s.filled > 0 &&
      (rolesOf(s.header).includes('extra') || rolesOf(s.header).includes('value'))
    )
      set(s, 'extra', true, `"${s.header}" is kept beside each result for the reviewer`);
  return out;
}

function wideAnalytes(stats: ColumnStats[], columns: ProposedColumn[]): ColumnStats[] {
  return stats.filter((s) => columns[s.index].role === 'ignore' && s.header !== '' && s.numeric > 0 && s.numeric >= s.filled / 2);
}

const CALL_WORDS = /^(present|absent|presence|absence|detected|not detected|positive|negative|inconclusive|undetermined)$/i;

function isFinalHeader(header: string): boolean {
  return /^(final|reported)\b/i.test(header.trim());
}

const UNIT_IN_HEADER = '^(?<name>.+?)\\s*\\((?<unit>[^()]+)\\)$';

function unitSources(
  stats: ColumnStats[],
  columns: ProposedColumn[],
  layoutType: ProposedLayoutType,
  choices: ProposalChoices,
  refs: (column: string) => ColumnRef,
  unsure: string[],
  notes: string[],
): { sources: unknown[]; concentrationUnits: string[]; headerPattern?: string; calls?: boolean } {
  const unitCol = columns.find((c) => c.role === 'unit');
  const concentration = (units: string[]) => [...new Set(units.filter((u) => isConcentrationUnit(u)))];
  if (unitCol) {
    const printed = stats[columnIndexOf(unitCol.column)].distinct;
    notes.push(`units from column ${unitCol.column} "${unitCol.header}": ${printed.slice(0, 5).join(', ')}`);
    return { sources: [{ from: 'column', column: refs(unitCol.column) }], concentrationUnits: concentration(printed) };
  }
  if (layoutType === 'wide') {
    const headerUnits = stats
      .filter((s) => columns[s.index].role === 'ignore')
      .map((s) => new RegExp(UNIT_IN_HEADER, 'i').exec(s.header)?.groups?.unit)
      .filter((u): u is string => u !== undefined);
    if (headerUnits.length >= 2) {
      notes.push(`one column per analyte headed "name (unit)": ${[...new Set(headerUnits)].join(', ')}`);
      return { sources: [{ from: 'header' }], concentrationUnits: concentration(headerUnits), headerPattern: UNIT_IN_HEADER };
    }
  }
  const valueCol = columns.find((c) => c.role === 'value');
  const inHeader = valueCol && /\(([^()]+)\)\s*$/.exec(valueCol.header)?.[1];
  if (inHeader && (isConcentrationUnit(inHeader) || /^(%|ug\/g|mg\/g|mg\/kg|µg\/g|ppm|ppb|cfu\/g)$/i.test(inHeader.trim()))) {
    notes.push(`unit printed in the value header: ${inHeader}`);
    return { sources: [{ from: 'fixed', value: inHeader.trim() }], concentrationUnits: concentration([inHeader.trim()]) };
  }
  if (choices.unit)
    return { sources: [{ from: 'fixed', value: choices.unit }], concentrationUnits: concentration([choices.unit]) };
  const valueStats = valueCol && stats[columnIndexOf(valueCol.column)];
  if (
    valueStats &&
    valueStats.numeric === 0 &&
    valueStats.tokens.length > 0 &&
    valueStats.tokens.every((t) => CALL_WORDS.test(t))
  ) {
    unsure.push(`"${valueCol?.header}" holds presence/absence calls: reported per gram (CFU/g), as microbial results are`);
    return { sources: [{ from: 'fixed', value: 'CFU/g' }], concentrationUnits: [], calls: true };
  }
  unsure.push(
    'the file prints no unit: the lab method of the import (or the upload) gives it, otherwise the rows wait for it on the import page',
  );
  return { sources: [], concentrationUnits: [] };
}

function sampleRefs(columns: ProposedColumn[], refs: (column: string) => ColumnRef): Record<string, ColumnRef> {
  const first = (role: ColumnRole) => columns.find((c) => c.role === role);
  const out: Record<string, ColumnRef> = {};
  const id = first('sample_id');
  const name = first('sample_name');
  if (id) out.labSampleId = refs(id.column);
  if (name) out.sampleName = refs(name.column);
  const type = first('sample_type');
  if (type) out.sampleType = refs(type.column);
  const injection = first('injection');
  if (injection) out.injection = refs(injection.column);
  return out;
}

/** Header cells of the roles that define the format, as detection requires them. */
function signatureCells(
  columns: ProposedColumn[],
  refs: (column: string) => ColumnRef,
  layoutType: ProposedLayoutType,
): ColumnRef[] {
  const order: ColumnRole[] =
    layoutType === 'wide'
      ? ['sample_id', 'sample_name', 'sample_type', 'injection']
      : ['sample_id', 'sample_name', 'analyte', 'value', 'sample_type'];
  const cells: ColumnRef[] = [];
  for (const role of order)
    for (const c of columns)
      if (
        c.role === role &&
        c.header !== '' &&
        cells.length < 4 &&
        !cells.some((x) => JSON.stringify(x) === JSON.stringify(refs(c.column)))
      )
        cells.push(refs(c.column));
  if (layoutType === 'wide')
    for (const c of columns)
      if (c.role === 'ignore' && c.header !== '' && !/\(/.test(c.header) && cells.length < 4) cells.push(refs(c.column));
  return cells.filter((c) => typeof c === 'string' || !('column' in c));
}

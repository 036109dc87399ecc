import { isConcentrationUnit } from '../calculation';
import { readNumber } from '../number-text';
import { cleanText, columnLetter, headerKey, type SheetGrid, type TableFile } from '../table-file';
import {
  INTERNAL_STANDARD_PATTERNS,
  QC_NAME_RULES,
  rolesOf,
  sampleTypeKind,
  valueRank,
  type ColumnRole,
} from './header-vocabulary';
import type { ProposalChoices, ProposedColumn, TemplateProposal } from './propose-template';
import { namesOutsideCatalog, slug, validatedProposal } from './proposal-support';
import type { SampleBlocksShape } from './sample-blocks-proposal';

const DILUTION_RATIO = /dilution\s+ratio/i;
const FINAL_WITH_UNIT = /^final\b.*\((?<unit>[^()]+)\)$/i;
const PREP_SEARCH_ROWS = 10;

/**
 * The template for a report of one block per sample: the sample and its type from label rows, the results from
 * the titled table (element and mass joined where the table prints the isotope mass), the unit from its unit
 * column, the dilution ratio from its column or a prep sheet, the lab's own final column compared, never used.
 */
export function proposeSampleBlocks(
  table: TableFile,
  fileName: string,
  choices: ProposalChoices,
  shape: SampleBlocksShape,
): TemplateProposal {
  const { stats, header, sheet } = shape;
  const unsure: string[] = [];
  const notes = [
    `one block per sample on sheet "${sheet.name ?? ''}" (${shape.blocks} blocks), each opened by a row "${shape.blockStart.join(' ')}"; label "${shape.sampleLabel.labels.join(' ')}" names the sample`,
    `results: the table titled "${shape.title.join(' ')}" in each block`,
  ];
  const columns: ProposedColumn[] = stats.map((s) => ({
    column: columnLetter(s.index),
    header: s.header,
    role: 'ignore',
    sure: true,
    why: s.header === '' ? 'no header' : 'not a word the engine knows for a role',
  }));
  const set = (index: number, role: ColumnRole, sure: boolean, why: string) => {
    columns[index] = { ...columns[index], role, sure, why };
  };
  const analyte = stats.find((s) => s.filled > 0 && rolesOf(s.header).includes('analyte'));
  if (analyte) set(analyte.index, 'analyte', headerKey(analyte.header) !== 'name', `"${analyte.header}" names the analyte`);
  const value = stats
    .filter((s) => s.numeric > 0 && valueRank(s.header) !== undefined)
    .sort((a, b) => (valueRank(a.header) ?? 0) - (valueRank(b.header) ?? 0))[0];
  if (value) set(value.index, 'value', true, `"${value.header}" is a result header and holds ${value.numeric} number(s)`);
  const mass = analyte && stats[analyte.index + 1];
  const joinMass = mass !== undefined && headerKey(mass.header) === 'mass' && mass.numeric > 0 && mass.numeric === mass.filled;
  if (joinMass) set(mass.index, 'extra', true, `"${mass.header}" is the isotope: joined to the element ("As 75")`);
  const unit = stats.find((s) => s.filled > 0 && rolesOf(s.header).includes('unit'));
  if (unit) set(unit.index, 'unit', true, `"${unit.header}" is a unit header`);
  const ratio = stats.find((s) => DILUTION_RATIO.test(s.header) && s.numeric > 0);
  const final = stats.find((s) => s !== value && FINAL_WITH_UNIT.test(s.header));
  for (const s of stats)
    if (columns[s.index].role === 'ignore' && s.filled > 0 && s.header !== '' && s.index > (value?.index ?? Infinity))
      set(s.index, 'extra', true, `"${s.header}" is kept beside each result for the reviewer`);
  for (const [column, role] of Object.entries(choices.roles ?? {})) {
    const at = columns.findIndex((c) => c.column === column);
    if (at >= 0) columns[at] = { ...columns[at], role, sure: true, why: 'chosen by a person' };
  }
  const analyteCol = columns.find((c) => c.role === 'analyte');
  const valueCol = columns.find((c) => c.role === 'value');
  const unitCol = columns.find((c) => c.role === 'unit');
  const missing: string[] = [];
  if (!analyteCol) missing.push(`an analyte column in the table "${shape.title.join(' ')}"`);
  if (!valueCol) missing.push(`a value column in the table "${shape.title.join(' ')}"`);
  for (const c of columns)
    if (!c.sure && c.role !== 'ignore') unsure.push(`column ${c.column} "${c.header}" as ${c.role}: ${c.why}`);

  const labelFor = (role: Exclude<ColumnRole, 'ignore'>) =>
    shape.labels.find((l) => l !== shape.sampleLabel && rolesOf(l.key).includes(role));
  const typeLabel = labelFor('sample_type');
  const injectionLabel = labelFor('injection');
  const extraLabels = shape.labels.filter(
    (l) => l.labels[0] === shape.sampleLabel.labels[0] && l !== shape.sampleLabel && !/file/i.test(l.key),
  );
  const types = typeLabel ? (shape.labelValues.get(typeLabel.key) ?? []) : [];
  const qcValues = types.filter((t) => sampleTypeKind(t) === 'qc');
  const strange = types.filter((t) => sampleTypeKind(t) === 'unknown');
  if (qcValues.length > 0) notes.push(`QC by "${typeLabel?.labels.join(' ')}": ${qcValues.map((t) => `"${t}"`).join(', ')}`);
  if (strange.length > 0) unsure.push(`sample types read as samples, not QC: ${strange.map((t) => `"${t}"`).join(', ')}`);

  const units = unitCol ? stats.find((s) => columnLetter(s.index) === unitCol.column)?.distinct : [];
  const concentration = (units ?? []).some((u) => isConcentrationUnit(u));
  const prep = findPrepTable(table, sheet);
  if (prep)
    unsure.push(
      `prep data from sheet "${prep.sheet}" (by "${prep.sampleKey}"): ${Object.entries(prep.fields)
        .map(([field, header]) => `"${header}" as the ${field}${field === 'dilution' ? ' (mL of digest per g of sample)' : ''}`)
        .join(', ')}`,
    );
  const dilution = [
    ...(ratio ? [{ from: 'column', column: ratio.header }] : []),
    ...(prep?.fields.dilution ? [{ from: 'prepTable', table: prep.id, field: 'dilution' }] : []),
    { from: 'upload' },
  ];
  const operation =
    choices.calculation ??
    (ratio && concentration ? 'concentration_times_dilution_ratio' : concentration ? 'concentration_to_mass_fraction' : 'none');
  if (operation === 'concentration_times_dilution_ratio' && !choices.calculation)
    unsure.push(
      `"${valueCol?.header}" (${(units ?? []).join(', ')}) is the concentration in the digest: the result is it times the sample's dilution ratio ("${ratio?.header}", mL per g)`,
    );
  if (operation === 'concentration_to_mass_fraction' && !choices.calculation)
    unsure.push(
      `the file reports ${(units ?? []).join(', ')}, a concentration in solution: the final result is computed from each sample's mass, volume and dilution`,
    );
  const finalUnit = final && FINAL_WITH_UNIT.exec(final.header)?.groups?.unit;
  if (final)
    notes.push(
      `the lab's own final result "${final.header}" is read beside each computed result and compared, never used instead`,
    );
  const markers = value ? notResultMarkers(shape, value.index, analyte?.index ?? 0) : [];
  for (const m of markers)
    unsure.push(
      `rows marked "${m.marker}" in column ${m.column} never hold a number under "${value?.header}" (${m.names.slice(0, 5).join(', ')}): read as internal standards, not results`,
    );
  const names = analyte ? namesOutsideCatalog(analyte.distinct) : '';
  if (names && !joinMass) unsure.push(names);
  // A unit word under the value column (an internal standard's row) is not a word printed instead of a number.
  const qualifiers = [value, final]
    .flatMap((s) => s?.tokens ?? [])
    .filter((t, i, all) => t.length <= 30 && all.indexOf(t) === i && !(units ?? []).includes(t));

  const layoutInfo: TemplateProposal['layout'] = {
    type: 'sample_blocks',
    ...(sheet.name !== undefined ? { sheet: sheet.name } : {}),
    headerRow: header.number,
    blocks: `opened by "${shape.blockStart.join(' ')}"`,
  };
  const used = columns.filter((c) => c.role !== 'ignore' && c.role !== 'extra');
  const confidence = used.length === 0 ? 0 : Math.round((used.filter((c) => c.sure).length / used.length) * 100) / 100;
  const base = { layout: layoutInfo, columns, unsure, notes, missing, confidence };
  if (!analyteCol || !valueCol) return { template: null, ...base };

  const headerCells = [analyteCol.header, ...(joinMass && mass ? [mass.header] : []), valueCol.header];
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
      rows: [
        { startsWith: shape.blockStart, searchRows: shape.sampleLabel.index + 5 },
        { startsWith: shape.sampleLabel.labels, searchRows: shape.sampleLabel.index + 5 },
        { startsWith: shape.title, searchRows: 200 },
      ],
    },
    layout: {
      type: 'sample_blocks',
      ...(sheet.name !== undefined && table.sheets.length > 1 ? { sheet: { names: [sheet.name] } } : {}),
      blockStart: { startsWith: shape.blockStart },
      sample: {
        labSampleId: { labels: shape.sampleLabel.labels },
        ...(typeLabel ? { sampleType: { labels: typeLabel.labels } } : {}),
        ...(injectionLabel ? { injection: { labels: injectionLabel.labels } } : {}),
      },
      extraFields: extraLabels.map((l) => ({ labels: l.labels })),
      table: { title: shape.title, header: { cells: headerCells } },
      analyte: joinMass && mass ? { join: [analyteCol.header, mass.header], separator: ' ' } : analyteCol.header,
      columns: {
        value: valueCol.header,
        extra: columns
          .filter((c) => c.role === 'extra' && !(joinMass && mass && c.column === columnLetter(mass.index)))
          .map((c) => c.header),
      },
    },
    units: unitCol ? [{ from: 'column', column: unitCol.header }] : choices.unit ? [{ from: 'fixed', value: choices.unit }] : [],
    qualifiers,
    qc: {
      ...(qcValues.length > 0 ? { sampleType: { qcValues } } : {}),
      sampleNames: QC_NAME_RULES,
      internalStandards: [
        ...markers.map((m) => ({ column: { column: m.column }, pattern: `^${escapeRegex(m.marker)}$` })),
        ...INTERNAL_STANDARD_PATTERNS.map((a) => ({ analyte: a })),
      ],
    },
    prepTables: prep
      ? [
          {
            id: prep.id,
            sheet: prep.sheet,
            header: { cells: [prep.sampleKey, ...Object.values(prep.fields)], searchRows: PREP_SEARCH_ROWS },
            sampleKey: prep.sampleKey,
            fields: prep.fields,
          },
        ]
      : [],
    calculation:
      operation === 'concentration_times_dilution_ratio'
        ? { operation, resultUnit: 'ug/g', inputs: { dilution } }
        : operation === 'concentration_to_mass_fraction'
          ? {
              operation,
              resultUnit: 'ug/g',
              inputs: {
                mass: [...(prep?.fields.mass ? [{ from: 'prepTable', table: prep.id, field: 'mass' }] : []), { from: 'upload' }],
                volume: [{ from: 'upload' }],
                dilution: [{ from: 'upload' }, { from: 'default', value: '1' }],
              },
            }
          : { operation: 'none' },
    ...(final && finalUnit ? { finalResult: { column: final.header, unit: finalUnit.trim() } } : {}),
  };
  if (!unitCol && !choices.unit)
    unsure.push(
      'the table prints no unit: the lab method of the import (or the upload) gives it, otherwise the rows wait for it',
    );
  return validatedProposal(draft, base);
}

interface PrepTable {
  id: string;
  sheet: string;
  sampleKey: string;
  fields: { mass?: string; dilution?: string };
}

/** Another sheet whose header names the sample ID beside a sample mass or dilution column (a digestion log). */
function findPrepTable(table: TableFile, resultSheet: SheetGrid): PrepTable | undefined {
  for (const sheet of table.sheets) {
    if (sheet === resultSheet || sheet.name === undefined) continue;
    for (const row of sheet.rows.slice(0, PREP_SEARCH_ROWS)) {
      const texts = row.cells.map((c) => cleanText(c.text));
      const sampleKey = texts.find((t) => rolesOf(t).includes('sample_id'));
      const mass = texts.find((t) => /\bmass\b/i.test(t) && /\(g\)/i.test(t));
      const dilution = texts.find((t) => /\bdilution\b/i.test(t));
      if (!sampleKey || (!mass && !dilution)) continue;
      return {
        id: `prep-${slug(sheet.name) || 'sheet'}`,
        sheet: sheet.name,
        sampleKey,
        fields: { ...(mass ? { mass } : {}), ...(dilution ? { dilution } : {}) },
      };
    }
  }
  return undefined;
}

/**
 * Reports mark rows in an unheaded column of symbols (NexION "|>" before Ge, Bi, In); a marker whose rows never
 * hold a number in the value column marks rows that are not results: the internal standards.
 */
function notResultMarkers(
  shape: SampleBlocksShape,
  valueIndex: number,
  analyteIndex: number,
): Array<{ column: string; marker: string; names: string[] }> {
  const out: Array<{ column: string; marker: string; names: string[] }> = [];
  for (const s of shape.stats) {
    if (s.header !== '' || s.distinct.length === 0 || !s.distinct.every((d) => /^[^A-Za-z0-9\s]{1,3}$/.test(d))) continue;
    for (const marker of s.distinct) {
      const marked = shape.rows.filter((r) => cleanText(r.cells[s.index]?.text ?? '') === marker);
      const numbers = marked.filter((r) => readNumber(r.cells[valueIndex] ?? { text: '' }, '.') !== undefined);
      if (marked.length > 0 && numbers.length === 0)
        out.push({
          column: columnLetter(s.index),
          marker,
          names: [...new Set(marked.map((r) => cleanText(r.cells[analyteIndex]?.text ?? '')).filter((n) => n !== ''))],
        });
    }
  }
  return out;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

import type { TableFile } from '../table-file';
import { QC_NAME_RULES, rolesOf, type ColumnRole } from './header-vocabulary';
import { internalStandardsOf, isPlainName, keyUnit, tableColumnLetter, type KeyValueShape } from './key-value-proposal';
import type { ProposalChoices, ProposedColumn, TemplateProposal } from './propose-template';
import { columnIndexOf, namesOutsideCatalog, slug, validatedProposal } from './proposal-support';

/**
 * The template for a key/value workbook (one sample per file): the sample and the unit read from keys, the
 * results from the table sheet's analyte and value columns. Every reading the engine is not sure of is in `unsure`.
 */
export function proposeKeyValueWorkbook(
  table: TableFile,
  fileName: string,
  choices: ProposalChoices,
  shape: KeyValueShape,
): TemplateProposal {
  const { sheet, headerIndex, stats } = shape.table;
  const unsure: string[] = [];
  const notes = [
    `one sample per workbook: key "${shape.sampleKey.key}" on sheet "${shape.sampleKey.sheet}" names it ("${shape.sampleKey.value}")`,
    `results: sheet "${sheet.name}", header row ${sheet.rows[headerIndex].number}, "${shape.table.analyte.header}" per analyte, "${shape.table.value.header}" the result`,
  ];
  const auto: ProposedColumn[] = stats.map((s) => ({
    column: tableColumnLetter(s),
    header: s.header,
    role: 'ignore',
    sure: true,
    why: s.header === '' ? 'no header' : 'not a word the engine knows for a role',
  }));
  const set = (index: number, role: ColumnRole, sure: boolean, why: string) => {
    auto[index] = { ...auto[index], role, sure, why };
  };
  set(
    shape.table.analyte.index,
    'analyte',
    !isPlainName(shape.table.analyte.header),
    isPlainName(shape.table.analyte.header)
      ? 'a plain "Name" in the result table of a workbook whose sample is a key: read as the analyte'
      : `"${shape.table.analyte.header}" names the analyte`,
  );
  set(shape.table.value.index, 'value', true, `"${shape.table.value.header}" is a result header and holds numbers`);
  for (const s of stats)
    if (auto[s.index].role === 'ignore' && s.filled > 0 && rolesOf(s.header).includes('extra'))
      set(s.index, 'extra', true, `"${s.header}" is kept beside each result for the reviewer`);
  if (shape.istdColumn)
    set(shape.istdColumn.index, 'ignore', true, `"${shape.istdColumn.header}" TRUE marks an internal standard: never a result`);
  for (const [column, role] of Object.entries(choices.roles ?? {})) {
    const at = auto.findIndex((c) => c.column === column);
    if (at >= 0) auto[at] = { ...auto[at], role, sure: true, why: 'chosen by a person' };
  }
  const columns = auto;
  const analyte = columns.find((c) => c.role === 'analyte');
  const value = columns.find((c) => c.role === 'value');
  const missing: string[] = [];
  if (!analyte) missing.push('an analyte column in the result table');
  if (!value) missing.push('a value column in the result table');
  for (const c of columns)
    if (!c.sure && c.role !== 'ignore') unsure.push(`column ${c.column} "${c.header}" as ${c.role}: ${c.why}`);
  if (shape.sampleKeyIsName)
    unsure.push(
      `key "${shape.sampleKey.key}" is the only key naming the sample: read as the lab sample ID ("${shape.sampleKey.value}")`,
    );

  const { unit, concentration } = keyUnit(shape);
  if (unit && shape.unitKey) notes.push(`unit from key "${shape.unitKey.key}" on sheet "${shape.unitKey.sheet}": ${unit}`);
  const units = shape.unitKey
    ? [{ from: 'key', key: shape.unitKey.key, sheet: shape.unitKey.sheet }]
    : choices.unit
      ? [{ from: 'fixed', value: choices.unit }]
      : [];
  if (!shape.unitKey && !choices.unit)
    unsure.push(
      'the workbook prints no unit key: the lab method of the import (or the upload) gives it, otherwise the rows wait for it on the import page',
    );
  const calculation = choices.calculation ?? (concentration || !shape.unitKey ? 'concentration_to_mass_fraction' : 'none');
  if (calculation === 'concentration_to_mass_fraction' && !choices.calculation)
    unsure.push(
      `${unit ? `the workbook reports ${unit}, a concentration in solution` : 'the amount is read as a concentration in solution once the method gives its unit'}: the final result is computed from each sample's mass, volume and dilution (from the upload or the sample)`,
    );
  const dilutionKey = shape.extraKeys.find((k) => /dil/i.test(k.key));
  if (dilutionKey)
    unsure.push(
      `key "${dilutionKey.key}" (${dilutionKey.value}) is kept beside each result, not applied: instrument software often folds it into the amount already; the dilution comes with the upload`,
    );
  const names = namesOutsideCatalog(shape.table.analyte.distinct);
  if (names) unsure.push(names);
  const qualifiers = value ? stats[columnIndexOf(value.column)].tokens.filter((t) => t.length <= 30) : [];
  if (qualifiers.length > 0) notes.push(`printed instead of a number: ${qualifiers.map((q) => `"${q}"`).join(', ')}`);

  const layoutInfo: TemplateProposal['layout'] = {
    type: 'key_value_workbook',
    ...(sheet.name !== undefined ? { sheet: sheet.name } : {}),
    headerRow: sheet.rows[headerIndex].number,
  };
  const used = columns.filter((c) => c.role !== 'ignore' && c.role !== 'extra');
  const confidence = used.length === 0 ? 0 : Math.round((used.filter((c) => c.sure).length / used.length) * 100) / 100;
  const base = { layout: layoutInfo, columns, unsure, notes, missing, confidence };
  if (!analyte || !value || sheet.name === undefined) return { template: null, ...base };

  const signature = [analyte.header, value.header];
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
      sheets: [...new Set([...shape.keySheets, sheet.name])],
      rows: [{ sheet: sheet.name, cells: signature, searchRows: headerIndex + 5 }],
    },
    layout: {
      type: 'key_value_workbook',
      keySheets: shape.keySheets.map((s) => ({ sheet: s, keyColumn: 'A', valueColumn: 'B' })),
      sample: {
        labSampleId: { key: shape.sampleKey.key, sheet: shape.sampleKey.sheet },
      },
      extraFields: shape.extraKeys.map((k) => ({ key: k.key, sheet: k.sheet })),
      table: { sheet: sheet.name, header: { cells: signature, searchRows: headerIndex + 5 } },
      analyte: analyte.header,
      columns: {
        value: value.header,
        extra: columns.filter((c) => c.role === 'extra').map((c) => c.header),
      },
    },
    units,
    qualifiers,
    qc: { sampleNames: QC_NAME_RULES, internalStandards: internalStandardsOf(shape) },
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

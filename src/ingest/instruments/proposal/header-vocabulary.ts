import { headerKey } from '../table-file';

/** What a column holds, as the teach page offers it per column. */
export const COLUMN_ROLES = [
  'sample_id',
  'sample_name',
  'sample_type',
  'injection',
  'analyte',
  'value',
  'unit',
  'loq',
  'lod',
  'flag',
  'extra',
  'ignore',
] as const;
export type ColumnRole = (typeof COLUMN_ROLES)[number];

/**
 * Header words instrument software prints, by role. Order matters within `value`: the first one present
 * with data is the result (a final concentration before a calculated one, a call before a Cq, peak area last).
 */
const WORDS: Record<Exclude<ColumnRole, 'ignore'>, string[]> = {
  sample_id: ['sample id', 'injection name', 'sampleid', 'sample_id', 'lab sample id', 'sample code', 'well name', 'sample #'],
  sample_name: ['sample name', 'sample text', 'sample', 'sample description', 'client sample id'],
  sample_type: [
    'sample type',
    'inj. type',
    'injection type',
    'type',
    'task',
    'content',
    'solution type',
    'well type',
    'sample kind',
  ],
  injection: ['data filename', 'data file', 'filename', 'file name', 'injection', 'raw file', 'dataset file'],
  analyte: [
    'analyte name',
    'analyte',
    'compound name',
    'compound',
    'component name',
    'component',
    'target name',
    'target',
    'element',
    'parameter',
    'test',
  ],
  value: [
    'final conc.',
    'final conc',
    'final concentration',
    'final result',
    'result',
    'reported conc (samp)',
    'reported conc (calib)',
    'reported conc',
    'calculated concentration',
    'calculated amt',
    'calc. conc.',
    'calc conc',
    'conc.',
    'conc',
    'concentration',
    'conc. mean',
    'conc mean',
    'concentration mean',
    'amount',
    'amt',
    'call',
    'cq',
    'cq (δr)',
    'cq (∆r)',
    'ct',
    'cp',
    'area',
    'peak area',
  ],
  unit: ['units', 'unit', 'sample unit', 'units (samp)', 'units (calib)', 'final units', 'conc. unit', 'conc unit'],
  loq: ['loq', 'quant. limit(ql)', 'quant. limit', 'limit of quantitation', 'lloq', 'reporting limit', 'rl', 'mrl', 'pql'],
  lod: ['lod', 'detect. limit(dl)', 'detect. limit', 'limit of detection', 'mdl', 'dl'],
  flag: ['flag', 'flags', 'primary flags', 'qc status', 'qc check results', 'omit', 'status', 'qualifier flag'],
  extra: [
    'rt',
    'ret. time',
    'ret.time',
    'retention time',
    'actual rt',
    'height',
    'well',
    'pos',
    'dye',
    'fluor',
    'date',
    'time',
    'acq. date-time',
    'acquisition time',
    'date acquired',
    'accuracy',
    's/n',
    'signal / noise',
    'resp.',
    'response',
    'is area',
    'istd area',
    'vial',
    'level',
    'mass',
    'dilution',
    'dil',
  ],
};

/** What a value column measures, from its header. */
export function measuresOf(valueHeader: string): 'result' | 'peak_area' | 'cq' {
  const key = headerKey(valueHeader);
  if (key === 'area' || key === 'peak area') return 'peak_area';
  if (/^(cq|ct|cp)\b/.test(key)) return 'cq';
  return 'result';
}

/** Roles a header names, best guess first (a "Name" column can be the sample or the analyte: the layout decides). */
export function rolesOf(header: string): Array<Exclude<ColumnRole, 'ignore'>> {
  const key = headerKey(header);
  if (key === '') return [];
  const roles = (Object.keys(WORDS) as Array<keyof typeof WORDS>).filter((role) => WORDS[role].includes(key));
  if (key === 'name') roles.push('sample_name', 'analyte', 'injection');
  return roles;
}

/** Rank of a value header: lower is preferred; undefined when the header is not a value word. */
export function valueRank(header: string): number | undefined {
  const at = WORDS.value.indexOf(headerKey(header));
  return at < 0 ? undefined : at;
}

/** Sample types instrument software prints for QC injections (compared case- and separator-insensitively). */
const QC_SAMPLE_TYPES = [
  'blank',
  'std',
  'standard',
  'cal',
  'calibration',
  'calibrator',
  'qc',
  'check',
  'spike',
  'control',
  'ntc',
  'nac',
  'nrt',
  'blocked ipc',
  'positive control',
  'negative control',
  'pos ctrl',
  'neg ctrl',
  'pos',
  'neg',
  'double blank',
  'doubleblank',
  'matrix blank',
  'matrixblank',
  'matrix dup',
  'matrixdup',
  'matrix spike',
  'matrixspike',
  'matrix spike dup',
  'matrixspikedup',
  'response check',
  'responsecheck',
  'tune check',
  'tunecheck',
  'solvent',
  'cc',
  'system suitability',
  'qc std',
  'check standard',
  'check std',
  'reagent blank',
];
const SAMPLE_TYPES = ['unknown', 'unkn', 'sample', 'analyte', 'test', 'unk'];

export function sampleTypeKind(value: string): 'qc' | 'sample' | 'unknown' {
  const key = headerKey(value).replace(/[_-]+/g, ' ');
  if (QC_SAMPLE_TYPES.includes(key)) return 'qc';
  if (SAMPLE_TYPES.includes(key)) return 'sample';
  return 'unknown';
}

/** Sample-name conventions of QC injections across instrument software, with their kind. */
export const QC_NAME_RULES: Array<{
  kind: 'qc' | 'blank' | 'calibration' | 'check' | 'spike' | 'duplicate' | 'control' | 'reference_material';
  pattern: string;
}> = [
  { kind: 'qc', pattern: '^qc([^a-z]|$)' },
  { kind: 'blank', pattern: '(^|[^a-z0-9])r?\\.?\\s*(blank|blk)([^a-z0-9]|$)' },
  { kind: 'calibration', pattern: '^cal(ibration)?([^a-z]|$)|(^|[^a-z])(std|standard)([^a-z]|$)' },
  { kind: 'check', pattern: '(^|[^a-z])(ccv|icv|ccb|icb|lcs|lcsd|crm|srm)([^a-z]|$)' },
  { kind: 'spike', pattern: 'spike' },
  { kind: 'duplicate', pattern: '(^|[^a-z])dup(licate)?([^a-z]|$)' },
  { kind: 'control', pattern: '(^|[^a-z])(pos|neg|positive|negative)\\.?\\s*(control|ctrl)([^a-z]|$)|^(ntc|npc)$' },
  { kind: 'reference_material', pattern: '^LTR([^a-z]|$)' },
];

/** Internal standards and reference channels by analyte name: never results. */
export const INTERNAL_STANDARD_PATTERNS = [
  '\\(ISTD\\)|(^|[^a-z])istd([^a-z]|$)|internal standard',
  '^IC[-_ ]',
  '^ROX$',
  '^(blocked\\s+)?ipc$',
  '^SIL\\s',
];

/** Statistic rows some exports print between injections (LabSolutions, Chromeleon): never samples. */
export const STATISTIC_ROW_PATTERN = '^(Average|Mean|%RSD|RSD|Maximum|Minimum|Std\\. ?Dev\\.?|SD)$';

import * as fs from 'node:fs';
import * as path from 'node:path';
import { SHARED_SAMPLES } from './shared-samples';

/** The real instrument exports beside the project, and their hand-derived expectations (see each file's `derivation`). */
const EXPORTS = path.join(SHARED_SAMPLES, 'instruments');
const EXPECTED = path.resolve(__dirname, '..', 'regression', 'instruments', 'expected');

/** Every expectation file, parsed (none when the folder is absent); `T` names the fields a test reads. */
export function realExportExpectations<T extends { file: string }>(): T[] {
  return fs.existsSync(EXPECTED)
    ? fs.readdirSync(EXPECTED).map((f) => JSON.parse(fs.readFileSync(path.join(EXPECTED, f), 'utf8')) as T)
    : [];
}

/** A real export as `upload` takes it. */
export function realExport(name: string): { name: string; bytes: Buffer } {
  return { name, bytes: fs.readFileSync(path.join(EXPORTS, name)) };
}

/** Every lab sample id the expectations name: the samples to register before importing. */
export function realExportSampleIds(
  expectations: Array<{ samples: Array<{ ref: { labSampleId?: string; sampleName?: string } }> }>,
): string[] {
  return [...new Set(expectations.flatMap((f) => f.samples.map((s) => s.ref.labSampleId ?? s.ref.sampleName ?? '')))];
}

const CANNABINOIDS = [
  'cbdva',
  'cbdv',
  'cbda',
  'cbga',
  'cbg',
  'cbd',
  'thcv',
  'thcva',
  'cbn',
  'cbna',
  'delta9_thc',
  'delta8_thc',
  'cbl',
  'cbc',
  'thca',
  'cbca',
];

/**
 * The lab's methods for the two exports that need one: LabSolutions prints no unit; NexION results need LOQs. Each
 * applies to the templates named (the hand-written ones, or a lab's own).
 */
export function realExportMethods(potencyTemplates: string[], metalsTemplates: string[]) {
  return [
    {
      key: 'hplc-potency',
      name: 'Cannabinoids by HPLC-DAD',
      instrument: 'Shimadzu LC-2040C',
      templates: potencyTemplates,
      reportedUnit: 'ug/mL',
      limitsUnit: 'ug/g',
      calculationDefaults: { dilution: '1' },
      analytes: CANNABINOIDS.map((analyte) => ({ analyte, loq: '50' })),
    },
    {
      key: 'icpms-metals',
      name: 'Heavy metals by ICP-MS after microwave digestion',
      instrument: 'PerkinElmer NexION',
      templates: metalsTemplates,
      limitsUnit: 'ug/g',
      analytes: ['arsenic', 'cadmium', 'lead', 'mercury'].map((analyte) => ({ analyte, loq: '0.02' })),
    },
  ];
}

import { createHash, randomBytes } from 'node:crypto';
import type { Actor } from '../../../src/auth/actor';
import { normalizeResult, type ProductType } from '../../../src/catalog';
import { SourceFile } from '../../../src/files/source-file.entity';
import type { DraftOutcome } from '../../../src/results/draft-request';
import type { IncomingResult } from '../../../src/results/incoming-result';
import { ResultDraftService } from '../../../src/results/result-draft.service';
import { ResultSet } from '../../../src/results/result-set.entity';
import { ResultSetService } from '../../../src/results/result-set.service';
import { Sample } from '../../../src/samples/sample.entity';
import { SampleService } from '../../../src/samples/sample.service';
import type { TestApp } from '../test-app';

/** One printed row of an instrument export, as a technician would see it in the file. */
export interface SourceRow {
  name: string;
  value: string;
  unit: string;
  loq?: string;
  limit?: string;
}

/** One source file for a sample: its rows become that file's cells, content-addressed like a real upload. */
export interface SourceSpec {
  file: string;
  rows: readonly SourceRow[];
  /** Date tested (selects the limit table); defaults to 2026-03-02. */
  testedOn?: string;
}

/** A flower potency run (HPLC), percent by weight. */
export const POTENCY: SourceSpec = {
  file: 'hplc-potency-2502RLI0135.csv',
  rows: [
    { name: 'THCA', value: '24.61', unit: '%', loq: '0.05' },
    { name: 'Δ9-THC', value: '0.87', unit: '%', loq: '0.05' },
    { name: 'CBDA', value: '0.06', unit: '%', loq: '0.05' },
    { name: 'CBD', value: 'ND', unit: '%', loq: '0.05' },
    { name: 'CBGA', value: '1.12', unit: '%', loq: '0.05' },
    { name: 'CBG', value: '0.14', unit: '%', loq: '0.05' },
  ],
};

/** An ICP-MS heavy metals run, µg/g. */
export const METALS: SourceSpec = {
  file: 'icpms-metals-2502RLI0135.csv',
  rows: [
    { name: 'As 75', value: '<LOQ', unit: 'µg/g', loq: '0.05' },
    { name: 'Cd 111', value: 'ND', unit: 'µg/g', loq: '0.05' },
    { name: 'Pb 208', value: '0.153', unit: 'µg/g', loq: '0.05' },
    { name: 'Hg 202', value: 'ND', unit: 'µg/g', loq: '0.02' },
  ],
};

/** A qPCR / plating microbials run. */
export const MICRO: SourceSpec = {
  file: 'qpcr-micro-2502RLI0135.csv',
  rows: [
    { name: 'Salmonella spp', value: 'Absent', unit: 'CFU/g' },
    { name: 'STEC', value: 'Absent', unit: 'CFU/g' },
    { name: 'A. Fumi', value: 'Absent', unit: 'CFU/g' },
    { name: 'Total Yeast and Mold', value: '1200', unit: 'CFU/g' },
  ],
};

/** A GC-FID terpenes run, percent by weight (reported, no limit). */
export const TERPENES: SourceSpec = {
  file: 'gcfid-terpenes-2502RLI0135.csv',
  rows: [
    { name: 'β-Myrcene', value: '0.452', unit: '%', loq: '0.01' },
    { name: 'Limonene', value: '0.318', unit: '%', loq: '0.01' },
    { name: 'β-Caryophyllene', value: '0.287', unit: '%', loq: '0.01' },
  ],
};

/** An LC-MS/MS pesticides run, µg/g. */
export const PESTICIDES: SourceSpec = {
  file: 'lcmsms-pesticides-2502RLI0135.csv',
  rows: [
    { name: 'Abamectin', value: 'ND', unit: 'µg/g', loq: '0.05' },
    { name: 'Bifenazate', value: 'ND', unit: 'µg/g', loq: '0.05' },
    { name: 'Myclobutanil', value: 'ND', unit: 'µg/g', loq: '0.05' },
  ],
};

/** An LC-MS/MS mycotoxins run, µg/kg. */
export const MYCOTOXINS: SourceSpec = {
  file: 'lcmsms-mycotoxins-2502RLI0135.csv',
  rows: [
    { name: 'Aflatoxin B1', value: 'ND', unit: 'µg/kg', loq: '2' },
    { name: 'Ochratoxin A', value: 'ND', unit: 'µg/kg', loq: '2' },
  ],
};

/** Moisture by loss on drying, water activity, and the foreign matter inspection. */
export const MOISTURE: SourceSpec = {
  file: 'lod-moisture-2502RLI0135.csv',
  rows: [{ name: 'Moisture', value: '10.4', unit: '%' }],
};
export const WATER_ACTIVITY: SourceSpec = {
  file: 'aw-meter-2502RLI0135.csv',
  rows: [{ name: 'Water Activity', value: '0.55', unit: 'aw' }],
};
export const FOREIGN_MATTER: SourceSpec = {
  file: 'foreign-matter-2502RLI0135.csv',
  rows: [
    { name: 'Foreign Matter Stems', value: '1.2', unit: '%' },
    { name: 'Foreign Matter Other', value: '0.1', unit: '%' },
  ],
};

/**
 * With POTENCY, METALS and MICRO: every panel New York requires for flower (templates/limits/ny, requiredPanels), so a
 * set built from them all can be released. Tests of something else build complete sets with `.complete()`.
 */
export const OTHER_FLOWER_PANELS: readonly SourceSpec[] = [
  TERPENES,
  PESTICIDES,
  MYCOTOXINS,
  MOISTURE,
  WATER_ACTIVITY,
  FOREIGN_MATTER,
];

/** The same source with some rows' values replaced (a second source disagreeing with the first). */
export function withValues(source: SourceSpec, file: string, values: Record<string, string>): SourceSpec {
  return { ...source, file, rows: source.rows.filter((r) => r.name in values).map((r) => ({ ...r, value: values[r.name] })) };
}

export interface SampleSpec {
  labSampleId: string;
  productType?: ProductType;
  clientLicense?: string;
  /** The state's UID (tag); a fresh one unless given, null for a sample without one. */
  uid?: string | null;
  sourceUid?: string;
}

export interface BuiltResultSet {
  sampleId: string;
  labSampleId: string;
  resultSetId: string;
  outcomes: DraftOutcome[];
}

export const CLIENT_LICENSE = 'OCM-PROC-24-000030';

/**
 * Builds a sample and its draft result set through the real services: the sample via SampleService,
 * each source's rows through the catalog's normalizeResult and ResultDraftService.addResults in its own
 * transaction, exactly as an import does. `by` is the technician (a real user's name) who did it.
 *
 *   await ResultSetFactory.for(t).by('tara.tech').sample({ labSampleId }).from(POTENCY).from(METALS).build()
 */
export class ResultSetFactory {
  private sampleSpec: SampleSpec | null = null;
  private existingSample: string | null = null;
  private readonly sources: SourceSpec[] = [];
  private actor = 'tara.tech';

  private constructor(private readonly t: TestApp) {}

  static for(t: TestApp): ResultSetFactory {
    return new ResultSetFactory(t);
  }

  by(username: string): this {
    this.actor = username;
    return this;
  }

  /** Registers a new sample (and its client, when unknown). */
  sample(spec: SampleSpec): this {
    this.sampleSpec = spec;
    return this;
  }

  /** Adds results to a sample that is already registered. */
  ofSample(labSampleId: string): this {
    this.existingSample = labSampleId;
    return this;
  }

  from(source: SourceSpec): this {
    this.sources.push(source);
    return this;
  }

  /**
   * Adds a source for each flower panel New York requires that no source given so far covers (POTENCY, METALS,
   * MICRO and OTHER_FLOWER_PANELS), so the set can be released; call it after the sources a test is about.
   */
  complete(): this {
    const covered = new Set(this.sources.flatMap(panelsOf));
    for (const source of [POTENCY, METALS, MICRO, ...OTHER_FLOWER_PANELS]) {
      if (panelsOf(source).some((p) => !covered.has(p))) this.sources.push(source);
    }
    return this;
  }

  async build(): Promise<BuiltResultSet> {
    const labSampleId = this.existingSample ?? this.sampleSpec?.labSampleId;
    if (!labSampleId) throw new Error('ResultSetFactory: call sample() or ofSample() first');
    if (this.sampleSpec) await this.registerSample(this.sampleSpec);
    const outcomes: DraftOutcome[] = [];
    for (const source of this.sources) outcomes.push(await this.addSource(labSampleId, source));
    const last = outcomes[outcomes.length - 1];
    if (!last) throw new Error('ResultSetFactory: add at least one source with from()');
    const sample = await this.t.orm.em.fork().findOneOrFail(Sample, { labSampleId });
    return { sampleId: sample.id, labSampleId, resultSetId: last.resultSet.id, outcomes };
  }

  private async registerSample(spec: SampleSpec): Promise<void> {
    const samples = this.t.app.get(SampleService);
    const license = spec.clientLicense ?? CLIENT_LICENSE;
    await this.t.orm.em.fork().transactional((em) => samples.ensureClient(em, this.actor, license, 'SJR Horticulture'));
    await samples.create(this.technician(), {
      labSampleId: spec.labSampleId,
      clientLicense: license,
      productType: spec.productType ?? 'flower',
      ...(spec.uid === null ? {} : { uid: spec.uid ?? freshUid() }),
      ...(spec.sourceUid ? { sourceUid: spec.sourceUid } : {}),
    });
  }

  private async addSource(labSampleId: string, source: SourceSpec): Promise<DraftOutcome> {
    const drafts = this.t.app.get(ResultDraftService);
    const content = [
      'Sample,Analyte,Result,Units,LOQ',
      ...source.rows.map((r) => [labSampleId, r.name, r.value, r.unit, r.loq ?? ''].join(',')),
    ].join('\n');
    const sha256 = createHash('sha256').update(content).digest('hex');
    return this.t.orm.em.fork().transactional(async (em) => {
      const sample = await em.findOneOrFail(Sample, { labSampleId }, { populate: ['client'] });
      const file =
        (await em.findOne(SourceFile, { sha256 })) ??
        new SourceFile(sha256, source.file, Buffer.byteLength(content), 'text/csv', this.actor);
      em.persist(file);
      const incoming = source.rows.map((row, i) => toIncoming(row, sha256, i + 2));
      return drafts.addResults(em, this.actor, sample, incoming, {
        origin: 'import',
        sourceFile: file,
        testedOn: source.testedOn ?? '2026-03-02',
        meta: { lab: { name: 'Test Lab NY', license: 'OCM-LAB-00001' } },
      });
    });
  }

  private technician(): Actor {
    return { id: this.actor, username: this.actor, fullName: this.actor, title: null, role: 'technician', licenseNumber: null };
  }
}

function panelsOf(source: SourceSpec): string[] {
  return source.rows.map((row) => toIncoming(row, '', 0).panel);
}

/** A 16-digit UID no other test sample has. */
function freshUid(): string {
  return `47${String(parseInt(randomBytes(6).toString('hex'), 16))
    .padStart(14, '0')
    .slice(-14)}`;
}

function toIncoming(row: SourceRow, sha256: string, line: number): IncomingResult {
  const outcome = normalizeResult({
    name: row.name,
    valueText: row.value,
    unitText: row.unit,
    loqText: row.loq,
    limitText: row.limit,
  });
  if (!outcome.ok) throw new Error(`factory row ${row.name}: ${outcome.message}`);
  return {
    ...outcome.result,
    provenance: { kind: 'cell', sha256, row: line, column: 'C', header: 'Result', context: [row.name] },
  };
}

/** The factory's source for each panel New York requires for flower. */
const PANEL_SOURCES: Readonly<Record<string, SourceSpec>> = {
  cannabinoids: POTENCY,
  metals: METALS,
  microbials: MICRO,
  terpenes: TERPENES,
  pesticides: PESTICIDES,
  mycotoxins: MYCOTOXINS,
  moisture: MOISTURE,
  water_activity: WATER_ACTIVITY,
  foreign_matter: FOREIGN_MATTER,
};

/**
 * Makes an imported draft (through HTTP or a form) releasable the way a lab would: the sample gets a UID when it
 * has none, and each panel New York requires that the draft lacks is imported from the factory's sources. Returns the
 * panels added. Anything else that blocks release is left for the test to see.
 */
export async function completeForRelease(t: TestApp, resultSetId: string, by = 'tara.tech'): Promise<string[]> {
  const em = t.orm.em.fork();
  const set = await em.findOneOrFail(ResultSet, { id: resultSetId }, { populate: ['sample'] });
  if (set.sample.uid === null && set.sample.stateSampleId === null) {
    set.sample.uid = freshUid();
    await em.flush();
  }
  const items = await t.app.get(ResultSetService).readiness(resultSetId);
  const missing = items.filter((i) => i.kind === 'missing_panel' && i.panel !== null).map((i) => i.panel!);
  const sources = missing.map((panel) => {
    const source = PANEL_SOURCES[panel];
    if (!source) throw new Error(`completeForRelease: no factory source for the ${panel} panel`);
    return source;
  });
  if (sources.length > 0) {
    const factory = ResultSetFactory.for(t).by(by).ofSample(set.sample.labSampleId);
    for (const source of sources) factory.from(source);
    await factory.build();
  }
  return missing;
}

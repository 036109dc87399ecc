import { createHash } from 'node:crypto';
import type { Actor } from '../../../src/auth/actor';
import { normalizeResult, type ProductType } from '../../../src/catalog';
import { SourceFile } from '../../../src/files/source-file.entity';
import type { DraftOutcome } from '../../../src/results/draft-request';
import type { IncomingResult } from '../../../src/results/incoming-result';
import { ResultDraftService } from '../../../src/results/result-draft.service';
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

/** The same source with some rows' values replaced (a second source disagreeing with the first). */
export function withValues(source: SourceSpec, file: string, values: Record<string, string>): SourceSpec {
  return { ...source, file, rows: source.rows.filter((r) => r.name in values).map((r) => ({ ...r, value: values[r.name] })) };
}

export interface SampleSpec {
  labSampleId: string;
  productType?: ProductType;
  clientLicense?: string;
  uid?: string;
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
      ...(spec.uid ? { uid: spec.uid } : {}),
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
    return { id: this.actor, username: this.actor, role: 'technician', licenseNumber: null };
  }
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

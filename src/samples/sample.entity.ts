import { Collection, DateTimeType, Entity, Enum, Index, ManyToOne, OneToMany, type Opt, Property } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';
import { ResultSet } from '../results/result-set.entity';
import { Client } from './client.entity';

export const SAMPLE_ORIGINS = ['state-system', 'manual', 'lab'] as const;
export type SampleOrigin = (typeof SAMPLE_ORIGINS)[number];

export interface LabelClaim {
  analyte: string;
  value: string;
  unit: string;
}

export interface SamplePrep {
  mass?: string;
  volume?: string;
  dilution?: string;
}

@Entity({ tableName: 'samples' })
@Index({ properties: ['batch'] })
@Index({ properties: ['sourceUid'] })
export class Sample extends BaseEntity {
  /** The lab's own sample id, e.g. `2502RLI0135-0489`. */
  @Property({ type: 'string', length: 64, unique: true })
  labSampleId: string;

  /** The state's tag of the sample: a 16-digit BioTrack UID or a 24-character Metrc package label; a string, never a number. */
  @Property({ type: 'string', length: 32, nullable: true, unique: true })
  uid: string | null = null;

  /** The lot / package the sample was drawn from. */
  @Property({ type: 'string', length: 32, nullable: true })
  sourceUid: string | null = null;

  @ManyToOne(() => Client)
  client: Client;

  @Property({ type: 'string', length: 100, nullable: true })
  batch: string | null = null;

  @Property({ type: 'string', length: 300, nullable: true })
  productName: string | null = null;

  @Property({ type: 'string', length: 32 })
  productType: string;

  @Property({ type: 'string', length: 16 })
  route: string;

  @Property({ type: DateTimeType, nullable: true })
  receivedAt: Date | null = null;

  /** When the sample was drawn from the lot (the sampling record). */
  @Property({ type: DateTimeType, nullable: true })
  collectedAt: Date | null = null;

  /** Drawn from a lot that was remediated after failing a test. */
  @Property({ type: 'boolean' })
  remediatedLot: boolean & Opt = false;

  @Enum({ items: () => [...SAMPLE_ORIGINS], type: 'string' })
  origin: SampleOrigin & Opt = 'lab';

  @Property({ type: 'json', nullable: true })
  labelClaims: LabelClaim[] | null = null;

  @Property({ type: 'string', length: 32, nullable: true })
  servingsPerPackage: string | null = null;

  /** Preparation data (mass, volume, dilution) that finishes instrument calculations. */
  @Property({ type: 'json', nullable: true })
  prep: SamplePrep | null = null;

  /** The sample this one retests, if any. */
  @ManyToOne(() => Sample, { nullable: true })
  retestOf: Sample | null = null;

  /** LabSample.ID in the state system, once known. */
  @Property({ type: 'integer', nullable: true })
  stateSampleId: number | null = null;

  /** State-system transfer the sample arrived on. */
  @Property({ type: 'string', length: 64, nullable: true })
  stateTransferId: string | null = null;

  /** Manifest of that transfer, as the state system numbers it. */
  @Property({ type: 'string', length: 64, nullable: true })
  stateManifestId: string | null = null;

  /** Its result sets (every version), for filtering samples by where their results stand. */
  @OneToMany(() => ResultSet, (rs) => rs.sample)
  resultSets = new Collection<ResultSet>(this);

  constructor(labSampleId: string, client: Client, productType: string, route: string) {
    super();
    this.labSampleId = labSampleId;
    this.client = client;
    this.productType = productType;
    this.route = route;
  }
}

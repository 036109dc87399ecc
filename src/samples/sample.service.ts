import { Injectable } from '@nestjs/common';
import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/core';
import { type AuditEntry, AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { defaultRoute, type ProductType, type Route } from '../catalog';
import { Conflict, InvalidInput, NotFound } from '../common/errors';
import { AppConfig } from '../config/app-config';
import { tagFormatOf } from '../state-system/state-system.provider';
import { tagProblem } from '../state-system/tag-format';
import { ResultSet } from '../results/result-set.entity';
import { Client } from './client.entity';
import { isPostgres } from '../db/platform';
import { findSamplesByKeys, type SampleKeys } from './sample-lookup';
import { SampleAlias } from './sample-alias.entity';
import { sampleStatus, sampleWhere } from './sample-query';
import { Sample } from './sample.entity';
import { sampleAuditFields, toClientView, toSampleView, type ClientView, type SampleView } from './sample.mapper';
import type {
  AssignLabIdsDto,
  CreateClientDto,
  CreateSampleDto,
  ListSamplesDto,
  SampleStatus,
  UpdateClientDto,
  UpdateSampleDto,
} from './sample.schemas';

/** A sample as the state system describes it on an inbound transfer (see SampleSyncService). */
export interface StateSampleRegistration {
  uid: string;
  sourceUid: string | null;
  clientLicense: string;
  productType: ProductType;
  productName: string | null;
  transferId: string;
  /** The transfer's manifest number, when the state system gives one. */
  manifestId?: string | null;
  stateSampleId: number | null;
  receivedAt: Date;
}

/** A line of the samples page: the sample, where its results stand, and its current result set. */
export interface SampleListRow extends SampleView {
  status: SampleStatus;
  /** When its first results arrived. */
  testedAt: string | null;
  current: { id: string; version: number; status: string; verdict: string | null } | null;
}

export interface SampleDetail extends SampleView {
  retests: Array<{ id: string; labSampleId: string }>;
  resultSets: Array<{ id: string; version: number; status: string; verdict: string | null; origin: string; createdAt: string }>;
}

/** What a manual entry knows of the product it records results for. */
export interface OfflineSample {
  uid: string;
  clientLicense: string;
  productType: ProductType;
  route?: Route;
  productName?: string;
  batch?: string;
}

@Injectable()
export class SampleService {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  /**
   * A tag typed for a sample is in the configured state system's format (a 16-digit BioTrack UID, a 24-character
   * Metrc tag): the refusal names the format. Samples already held under another system's tags keep them.
   */
  private checkTags(dto: { uid?: string; sourceUid?: string }): void {
    const format = tagFormatOf(this.config.stateSystem.kind);
    for (const field of ['uid', 'sourceUid'] as const) {
      const value = dto[field];
      const problem = value === undefined ? null : tagProblem(format, value);
      if (problem) throw new InvalidInput(field, problem);
    }
  }

  async createClient(actor: Actor, dto: CreateClientDto): Promise<ClientView> {
    try {
      const client = await this.em.fork().transactional(async (em) => {
        const c = new Client(dto.licenseNumber, dto.name, dto.ubi ?? null);
        if (dto.integrated !== undefined) c.integrated = dto.integrated;
        c.address = dto.address ?? null;
        em.persist(c);
        await this.audit.record(em, {
          actor: actor.username,
          action: 'client.created',
          entityType: 'client',
          entityId: c.id,
          after: toClientView(c) as unknown as Record<string, unknown>,
        });
        return c;
      });
      return toClientView(client);
    } catch (e) {
      if (e instanceof UniqueConstraintViolationException) {
        throw new Conflict(`a client with license ${dto.licenseNumber} is already registered`);
      }
      throw e;
    }
  }

  async updateClient(actor: Actor, id: string, dto: UpdateClientDto): Promise<ClientView> {
    const client = await this.em.fork().transactional(async (em) => {
      const c = await em.findOne(Client, { id });
      if (!c) throw new NotFound('client', id);
      const before = toClientView(c);
      if (dto.name !== undefined) c.name = dto.name;
      if (dto.ubi !== undefined) c.ubi = dto.ubi;
      if (dto.integrated !== undefined) c.integrated = dto.integrated;
      if (dto.address !== undefined) c.address = dto.address;
      await this.audit.record(em, {
        actor: actor.username,
        action: 'client.updated',
        entityType: 'client',
        entityId: c.id,
        before: before as unknown as Record<string, unknown>,
        after: toClientView(c) as unknown as Record<string, unknown>,
      });
      return c;
    });
    return toClientView(client);
  }

  async getClient(id: string): Promise<ClientView> {
    const c = await this.em.fork().findOne(Client, { id });
    if (!c) throw new NotFound('client', id);
    return toClientView(c);
  }

  async listClients(): Promise<ClientView[]> {
    return (await this.em.fork().find(Client, {}, { orderBy: { name: 'asc' } })).map(toClientView);
  }

  /** The client with this license, created in `em`'s transaction when unknown (state-system sync, manual entry). */
  async ensureClient(em: EntityManager, actor: string, licenseNumber: string, name?: string): Promise<Client> {
    const existing = await em.findOne(Client, { licenseNumber });
    if (existing) return existing;
    const c = new Client(licenseNumber, name ?? licenseNumber);
    em.persist(c);
    await this.audit.record(em, {
      actor,
      action: 'client.created',
      entityType: 'client',
      entityId: c.id,
      after: toClientView(c) as unknown as Record<string, unknown>,
    });
    return c;
  }

  /**
   * A sample for product from a non-integrated source, under the NEW UID the receiving licensee created, made in
   * `em`'s transaction (a manual entry's); its client is registered when unknown.
   */
  async registerOffline(em: EntityManager, actor: string, entry: OfflineSample): Promise<Sample> {
    if (await em.findOne(Sample, { uid: entry.uid })) throw new Conflict(`a sample with UID ${entry.uid} already exists`);
    const client = await this.ensureClient(em, actor, entry.clientLicense);
    const sample = new Sample(`EXT-${entry.uid}`, client, entry.productType, entry.route ?? defaultRoute(entry.productType));
    sample.uid = entry.uid;
    sample.origin = 'manual';
    sample.productName = entry.productName ?? null;
    sample.batch = entry.batch ?? null;
    em.persist(sample);
    return sample;
  }

  async create(actor: Actor, dto: CreateSampleDto): Promise<SampleView> {
    this.checkTags(dto);
    try {
      const sample = await this.em.fork().transactional(async (em) => {
        const client = await em.findOne(Client, { licenseNumber: dto.clientLicense });
        if (!client) throw new InvalidInput('clientLicense', `no client with license ${dto.clientLicense} is registered`);
        const s = new Sample(dto.labSampleId, client, dto.productType, dto.route ?? defaultRoute(dto.productType));
        s.uid = dto.uid ?? null;
        s.sourceUid = dto.sourceUid ?? null;
        s.batch = dto.batch ?? null;
        s.productName = dto.productName ?? null;
        s.labelClaims = dto.labelClaim ?? null;
        s.servingsPerPackage = dto.servingsPerPackage ?? null;
        s.prep = dto.prep ?? null;
        s.receivedAt = dto.receivedAt ? new Date(dto.receivedAt) : null;
        s.collectedAt = dto.collectedAt ? new Date(dto.collectedAt) : null;
        s.remediatedLot = dto.remediatedLot ?? false;
        if (dto.retestOf) await this.linkRetest(em, s, dto.retestOf);
        em.persist(s);
        await this.audit.record(em, {
          actor: actor.username,
          action: s.retestOf ? 'sample.retest_registered' : 'sample.registered',
          entityType: 'sample',
          entityId: s.id,
          after: sampleAuditFields(s),
        });
        return s;
      });
      return toSampleView(sample);
    } catch (e) {
      if (e instanceof UniqueConstraintViolationException) {
        throw new Conflict(`a sample with lab sample id ${dto.labSampleId}${dto.uid ? ` or UID ${dto.uid}` : ''} already exists`);
      }
      throw e;
    }
  }

  /** A retest is a new sample of the same source lot, linked to the sample it retests. */
  private async linkRetest(em: EntityManager, s: Sample, original: string): Promise<void> {
    const of = await em.findOne(Sample, { labSampleId: original }, { populate: ['client'] });
    if (!of) throw new InvalidInput('retestOf', `no sample with lab sample id ${original}`);
    if (of.client.id !== s.client.id) throw new InvalidInput('retestOf', `${original} belongs to another client`);
    if (s.sourceUid && of.sourceUid && s.sourceUid !== of.sourceUid) {
      throw new InvalidInput('sourceUid', `a retest is drawn from the same lot as ${original} (${of.sourceUid})`);
    }
    s.sourceUid = s.sourceUid ?? of.sourceUid;
    s.batch = s.batch ?? of.batch;
    s.productName = s.productName ?? of.productName;
    s.retestOf = of;
  }

  async update(actor: Actor, id: string, dto: UpdateSampleDto): Promise<SampleView> {
    this.checkTags(dto);
    try {
      const sample = await this.em.fork().transactional(async (em) => {
        const s = await em.findOne(Sample, { id }, { populate: ['client', 'retestOf'] });
        if (!s) throw new NotFound('sample', id);
        const before = sampleAuditFields(s);
        if (dto.labSampleId !== undefined && dto.labSampleId !== s.labSampleId) await this.renameInto(em, s, dto.labSampleId);
        if (dto.uid !== undefined) {
          if (s.uid && s.uid !== dto.uid) throw new Conflict(`sample ${s.labSampleId} already has UID ${s.uid}`);
          s.uid = dto.uid;
        }
        if (dto.sourceUid !== undefined) s.sourceUid = dto.sourceUid;
        if (dto.batch !== undefined) s.batch = dto.batch;
        if (dto.productName !== undefined) s.productName = dto.productName;
        if (dto.prep !== undefined) s.prep = { ...(s.prep ?? {}), ...dto.prep };
        if (dto.collectedAt !== undefined) s.collectedAt = new Date(dto.collectedAt);
        if (dto.remediatedLot !== undefined) s.remediatedLot = dto.remediatedLot;
        await this.audit.record(em, {
          actor: actor.username,
          action: 'sample.updated',
          entityType: 'sample',
          entityId: s.id,
          before,
          after: sampleAuditFields(s),
        });
        return s;
      });
      return toSampleView(sample);
    } catch (e) {
      if (e instanceof UniqueConstraintViolationException) {
        throw new Conflict(
          dto.labSampleId
            ? `lab sample id ${dto.labSampleId}${dto.uid ? ` or UID ${dto.uid}` : ''} belongs to another sample`
            : `UID ${dto.uid} belongs to another sample`,
        );
      }
      throw e;
    }
  }

  /**
   * A sample's new lab sample id. Refused once a version was released: the state system and the certificate
   * already carry the old one (amend instead).
   */
  private async renameInto(em: EntityManager, s: Sample, labSampleId: string): Promise<void> {
    const released = await em.count(ResultSet, { sample: s, status: { $in: ['approved', 'superseded'] } });
    if (released > 0)
      throw new Conflict(`sample ${s.labSampleId} has released results under that lab sample id; it can no longer change`);
    const taken = await em.findOne(Sample, { labSampleId, id: { $ne: s.id } });
    if (taken) throw new InvalidInput('labSampleId', `${labSampleId} is already the lab sample id of another sample`);
    s.labSampleId = labSampleId;
  }

  /**
   * Lab sample ids for many samples in one transaction (intake: samples that arrived under their UID get the
   * lab's own ids): all or none, each change audited.
   */
  async assignLabIds(actor: Actor, dto: AssignLabIdsDto): Promise<SampleView[]> {
    try {
      const samples = await this.em.fork().transactional(async (em) => {
        const found = await em.find(Sample, { id: { $in: dto.samples.map((r) => r.id) } }, { populate: ['client', 'retestOf'] });
        const byId = new Map(found.map((s) => [s.id, s]));
        const changed: Sample[] = [];
        for (const row of dto.samples) {
          const s = byId.get(row.id);
          if (!s) throw new NotFound('sample', row.id);
          if (s.labSampleId === row.labSampleId) continue;
          const before = sampleAuditFields(s);
          await this.renameInto(em, s, row.labSampleId);
          changed.push(s);
          await this.audit.record(em, {
            actor: actor.username,
            action: 'sample.updated',
            entityType: 'sample',
            entityId: s.id,
            before,
            after: sampleAuditFields(s),
          });
        }
        return changed;
      });
      return samples.map(toSampleView);
    } catch (e) {
      // Two samples swapping ids, or an id another sample holds: the unique index is the last word.
      if (e instanceof UniqueConstraintViolationException)
        throw new Conflict('one of these lab sample ids belongs to another sample; nothing was changed');
      throw e;
    }
  }

  async list(q: ListSamplesDto): Promise<SampleView[]> {
    const em = this.em.fork();
    const samples = await em.find(Sample, sampleWhere(q, isPostgres(em)), {
      populate: ['client', 'retestOf'],
      orderBy: { createdAt: 'desc' },
      limit: q.limit,
      offset: q.offset,
    });
    return samples.map(toSampleView);
  }

  /** A page of samples with where each one's results stand, and how many samples the filter finds in all. */
  async search(q: ListSamplesDto): Promise<{ total: number; samples: SampleListRow[] }> {
    const em = this.em.fork();
    const [samples, total] = await em.findAndCount(Sample, sampleWhere(q, isPostgres(em)), {
      populate: ['client', 'retestOf'],
      orderBy: { receivedAt: 'desc', createdAt: 'desc' },
      limit: q.limit,
      offset: q.offset,
    });
    const sets = samples.length
      ? await em.find(
          ResultSet,
          { sample: { $in: samples.map((s) => s.id) } },
          { fields: ['sample', 'version', 'status', 'verdict', 'rejectionReason', 'createdAt'], orderBy: { createdAt: 'asc' } },
        )
      : [];
    const bySample = new Map<string, Array<(typeof sets)[number]>>();
    for (const rs of sets) bySample.set(rs.sample.id, [...(bySample.get(rs.sample.id) ?? []), rs]);
    return {
      total,
      samples: samples.map((s) => {
        const own = bySample.get(s.id) ?? [];
        const current = [...own].reverse().find((rs) => rs.status !== 'superseded') ?? null;
        return {
          ...toSampleView(s),
          status: sampleStatus(own),
          testedAt: own[0]?.createdAt.toISOString() ?? null,
          current: current && { id: current.id, version: current.version, status: current.status, verdict: current.verdict },
        };
      }),
    };
  }

  async get(id: string): Promise<SampleDetail> {
    const em = this.em.fork();
    const s = await em.findOne(Sample, { id }, { populate: ['client', 'retestOf'] });
    if (!s) throw new NotFound('sample', id);
    const retests = await em.find(Sample, { retestOf: s }, { orderBy: { createdAt: 'asc' } });
    const sets = await em.find(ResultSet, { sample: s }, { orderBy: { version: 'asc', createdAt: 'asc' } });
    return {
      ...toSampleView(s),
      retests: retests.map((r) => ({ id: r.id, labSampleId: r.labSampleId })),
      resultSets: sets.map((rs) => ({
        id: rs.id,
        version: rs.version,
        status: rs.status,
        verdict: rs.verdict,
        origin: rs.origin,
        createdAt: rs.createdAt.toISOString(),
      })),
    };
  }

  /**
   * Remembers that an instrument run's name for a sample (`alias`) means this sample, so the next run with that
   * name matches by itself. A name another sample holds as its lab sample id or alias is refused.
   */
  async rememberAlias(actor: Actor, alias: string, sampleId: string): Promise<void> {
    await this.em.fork().transactional(async (em) => {
      const sample = await em.findOne(Sample, { id: sampleId });
      if (!sample) throw new NotFound('sample', sampleId);
      if (alias === sample.labSampleId || alias === sample.uid) return;
      const named = await em.findOne(Sample, { labSampleId: alias });
      if (named)
        throw new Conflict(
          `"${alias}" is the lab sample id of sample ${named.id === sample.id ? sample.labSampleId : 'another sample'}; it cannot also name ${sample.labSampleId}`,
        );
      const existing = await em.findOne(SampleAlias, { alias }, { populate: ['sample'] });
      if (existing) {
        if (existing.sample.id === sample.id) return;
        throw new Conflict(`"${alias}" already names sample ${existing.sample.labSampleId}`);
      }
      const a = new SampleAlias(alias, sample, actor.username);
      em.persist(a);
      await this.audit.record(em, {
        actor: actor.username,
        action: 'sample.alias_added',
        entityType: 'sample',
        entityId: sample.id,
        after: { alias, labSampleId: sample.labSampleId },
      });
    });
  }

  /** The samples with these exact lab sample ids or UIDs (a picker's typed choices); missing ones are left out. */
  async findByIdentifiers(identifiers: string[]): Promise<SampleView[]> {
    if (identifiers.length === 0) return [];
    const found = await this.em
      .fork()
      .find(
        Sample,
        { $or: [{ labSampleId: { $in: identifiers } }, { uid: { $in: identifiers } }] },
        { populate: ['client', 'retestOf'] },
      );
    return found.map(toSampleView);
  }

  /**
   * The samples many source references name (UID first, then lab sample id, then a batch that names exactly one
   * sample), found with a few batched queries in `em`'s transaction; null where nothing matches.
   */
  findByReferences(em: EntityManager, refs: SampleKeys[]): Promise<Array<Sample | null>> {
    return findSamplesByKeys(em, refs);
  }

  /**
   * Registers, in `em`'s transaction, samples that arrived on a state-system transfer, with their audit events
   * written together. Each one's lab sample id is its UID: the one identifier the lab, the client and the state
   * share from the moment it arrives.
   */
  async registerFromStateSystem(em: EntityManager, actor: string, inputs: StateSampleRegistration[]): Promise<Sample[]> {
    const clients = new Map<string, Client>();
    const samples: Sample[] = [];
    const events: AuditEntry[] = [];
    for (const input of inputs) {
      let client = clients.get(input.clientLicense);
      if (!client) {
        client = await this.ensureClient(em, actor, input.clientLicense);
        clients.set(input.clientLicense, client);
      }
      const s = new Sample(input.uid, client, input.productType, defaultRoute(input.productType));
      s.uid = input.uid;
      s.sourceUid = input.sourceUid;
      s.productName = input.productName;
      s.origin = 'state-system';
      s.stateTransferId = input.transferId;
      s.stateManifestId = input.manifestId ?? null;
      s.stateSampleId = input.stateSampleId;
      s.receivedAt = input.receivedAt;
      em.persist(s);
      samples.push(s);
      events.push({
        actor,
        action: 'sample.registered',
        entityType: 'sample',
        entityId: s.id,
        after: { ...sampleAuditFields(s), stateTransferId: s.stateTransferId, stateSampleId: s.stateSampleId },
      });
    }
    await em.flush();
    await this.audit.recordMany(em, events);
    return samples;
  }

  /**
   * Records, in `em`'s transaction, the state's sample id (LabSample.ID) of samples once the state assigned it;
   * answers how many changed.
   */
  async linkStateSamples(
    em: EntityManager,
    actor: string,
    links: Array<{ sample: Sample; stateSampleId: number }>,
  ): Promise<number> {
    const events: AuditEntry[] = [];
    for (const { sample, stateSampleId } of links) {
      if (sample.stateSampleId === stateSampleId) continue;
      const before = { stateSampleId: sample.stateSampleId };
      sample.stateSampleId = stateSampleId;
      events.push({
        actor,
        action: 'sample.state_sample_linked',
        entityType: 'sample',
        entityId: sample.id,
        before,
        after: { stateSampleId },
      });
    }
    await em.flush();
    await this.audit.recordMany(em, events);
    return events.length;
  }
}

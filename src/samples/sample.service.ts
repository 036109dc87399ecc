import { Injectable } from '@nestjs/common';
import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/core';
import { type AuditEntry, AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { defaultRoute, type ProductType } from '../catalog';
import { Conflict, InvalidInput, NotFound } from '../common/errors';
import { ResultSet } from '../results/result-set.entity';
import { Client } from './client.entity';
import { findSamplesByKeys, type SampleKeys } from './sample-lookup';
import { Sample } from './sample.entity';
import { sampleAuditFields, toClientView, toSampleView, type ClientView, type SampleView } from './sample.mapper';
import type { CreateClientDto, CreateSampleDto, ListSamplesDto, UpdateSampleDto } from './sample.schemas';

/** A sample as the state system describes it on an inbound transfer (see SampleSyncService). */
export interface StateSampleRegistration {
  uid: string;
  sourceUid: string | null;
  clientLicense: string;
  productType: ProductType;
  productName: string | null;
  transferId: string;
  stateSampleId: number | null;
  receivedAt: Date;
}

export interface SampleDetail extends SampleView {
  retests: Array<{ id: string; labSampleId: string }>;
  resultSets: Array<{ id: string; version: number; status: string; verdict: string | null; origin: string; createdAt: string }>;
}

@Injectable()
export class SampleService {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
  ) {}

  async createClient(actor: Actor, dto: CreateClientDto): Promise<ClientView> {
    try {
      const client = await this.em.fork().transactional(async (em) => {
        const c = new Client(dto.licenseNumber, dto.name, dto.ubi ?? null);
        if (dto.integrated !== undefined) c.integrated = dto.integrated;
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

  async create(actor: Actor, dto: CreateSampleDto): Promise<SampleView> {
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
    try {
      const sample = await this.em.fork().transactional(async (em) => {
        const s = await em.findOne(Sample, { id }, { populate: ['client', 'retestOf'] });
        if (!s) throw new NotFound('sample', id);
        const before = sampleAuditFields(s);
        if (dto.uid !== undefined) {
          if (s.uid && s.uid !== dto.uid) throw new Conflict(`sample ${s.labSampleId} already has UID ${s.uid}`);
          s.uid = dto.uid;
        }
        if (dto.sourceUid !== undefined) s.sourceUid = dto.sourceUid;
        if (dto.batch !== undefined) s.batch = dto.batch;
        if (dto.productName !== undefined) s.productName = dto.productName;
        if (dto.prep !== undefined) s.prep = { ...(s.prep ?? {}), ...dto.prep };
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
      if (e instanceof UniqueConstraintViolationException) throw new Conflict(`UID ${dto.uid} belongs to another sample`);
      throw e;
    }
  }

  async list(q: ListSamplesDto): Promise<SampleView[]> {
    const where: Record<string, unknown> = {};
    if (q.clientLicense) where.client = { licenseNumber: q.clientLicense };
    if (q.q) where.$or = [{ labSampleId: { $like: `%${q.q}%` } }, { uid: q.q }, { batch: q.q }];
    const samples = await this.em.fork().find(Sample, where, {
      populate: ['client', 'retestOf'],
      orderBy: { createdAt: 'desc' },
      limit: q.limit,
      offset: q.offset,
    });
    return samples.map(toSampleView);
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
  async linkStateSamples(em: EntityManager, actor: string, links: Array<{ sample: Sample; stateSampleId: number }>): Promise<number> {
    const events: AuditEntry[] = [];
    for (const { sample, stateSampleId } of links) {
      if (sample.stateSampleId === stateSampleId) continue;
      const before = { stateSampleId: sample.stateSampleId };
      sample.stateSampleId = stateSampleId;
      events.push({ actor, action: 'sample.state_sample_linked', entityType: 'sample', entityId: sample.id, before, after: { stateSampleId } });
    }
    await em.flush();
    await this.audit.recordMany(em, events);
    return events.length;
  }
}

import { Injectable } from '@nestjs/common';
import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/core';
import { AuditService } from '../../audit/audit.service';
import type { Actor } from '../../auth/actor';
import { defaultRoute } from '../../catalog';
import { Conflict, InvalidInput, NotFound } from '../../common/errors';
import { ResultDraftService, type IncomingResult } from '../../results/result-draft.service';
import { Result } from '../../results/result.entity';
import { ResultSet } from '../../results/result-set.entity';
import { ResultSetService } from '../../results/result-set.service';
import { withContribution } from '../../results/review-rules';
import type { ResultSetView } from '../../results/result-set.mapper';
import { Sample } from '../../samples/sample.entity';
import { SampleService } from '../../samples/sample.service';
import { CoaSourceAdapter } from '../coa/coa.adapter';
import { FileStore, safeFileName } from '../file-store.service';
import { ImportRejected } from '../import-rejected.error';
import { normalize } from '../pipeline';
import { SourceFile } from '../../files/source-file.entity';
import type { ConfirmValuesDto, ManualEntry } from './manual-entry.schemas';
import { readManualResult } from './manual-result.rules';
import { isUnlisted } from '../unsure-row';

/** What the manual-entry form takes from a certificate before a person completes it: its header and how many rows it holds. */
export interface CertificateHeader {
  /** The stored file, referred to by the form until it is submitted. */
  sha256: string;
  name: string;
  fields: {
    productName?: string;
    batch?: string;
    labName?: string;
    labLicense?: string;
    certificateNumber?: string;
    certificateDate?: string;
  };
  rows: number;
  unsure: number;
}

/** A certificate attached to the form: its bytes, or one already read and stored by `readCertificate`. */
export type AttachedCertificate = { name?: string; bytes: Buffer } | { sha256: string; name?: string };

export interface ManualEntryView extends ResultSetView {
  /** Values pre-filled from the attached certificate that a person has not confirmed yet. */
  pendingConfirmation: string[];
}

/**
 * Results for product from a non-integrated source. The receiving licensee created the product under a NEW
 * UID; the lab records the supplier, the testing lab and its certificate, and the results. They then go
 * through the same evaluation, review and reporting as every other result set, marked as offline-sourced.
 */
@Injectable()
export class ManualEntryService {
  constructor(
    private readonly em: EntityManager,
    private readonly files: FileStore,
    private readonly coa: CoaSourceAdapter,
    private readonly samples: SampleService,
    private readonly drafts: ResultDraftService,
    private readonly resultSets: ResultSetService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Reads a certificate for the form: the header fields it prints (product, batch, testing lab and permit,
   * certificate number and date) and how many rows it holds. The file is stored, so the form can be completed
   * and submitted without choosing it again.
   */
  async readCertificate(bytes: Buffer, name?: string): Promise<CertificateHeader> {
    const read = await this.prefill(bytes, name);
    const meta = read.meta;
    const lab = this.coa.testingLab({ name: meta.lab, license: meta.labLicense });
    const date = [meta.reportCreated, meta.testedOn, meta.sampleReceived].find(
      (d) => d !== undefined && /^\d{4}-\d{2}-\d{2}/.test(d),
    );
    const fields = {
      productName: meta.productName,
      batch: meta.batch,
      labName: lab?.name ?? meta.lab,
      labLicense: lab?.permit ?? meta.labLicense,
      certificateNumber: meta.certificateNumber ?? meta.labSampleId,
      certificateDate: date?.slice(0, 10),
    };
    return {
      sha256: read.sha256,
      name: read.name,
      fields: Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined && v !== '')),
      rows: read.results.length,
      unsure: read.results.filter((r) => r.unsure).length,
    };
  }

  async create(actor: Actor, entry: ManualEntry, attached?: AttachedCertificate): Promise<ManualEntryView> {
    const certificate = attached && 'sha256' in attached ? await this.stored(attached.sha256, attached.name) : attached;
    const enteredAt = new Date();
    const typed: IncomingResult[] = entry.results.map((r, i) => ({
      ...readManualResult(r, `results.${i}`),
      provenance: { kind: 'field', field: `results[${i}]` },
      // Typing a value in is confirming it; values pre-filled from a certificate wait for a person.
      confirmed: { by: actor.username, at: enteredAt },
    }));
    const dup = typed.find((r, i) => typed.findIndex((x) => x.analyte === r.analyte) !== i);
    if (dup) throw new InvalidInput('results', `${dup.analyte} is entered twice`);
    const prefill = certificate ? await this.prefill(certificate.bytes, certificate.name) : null;
    const prefilled = (prefill?.results ?? []).filter((p) => !typed.some((t) => t.analyte === p.analyte));
    if (typed.length + prefilled.length === 0) {
      throw new InvalidInput('results', 'no results: enter them, or attach a certificate PDF to pre-fill them');
    }

    const offlineSource = {
      supplierLicense: entry.supplierLicense,
      supplierUid: entry.supplierUid ?? null,
      lab: entry.lab,
      testingLab: this.coa.testingLab(entry.lab),
      certificateNumber: entry.certificate.number ?? null,
      certificateDate: entry.certificate.date,
      certificateFile: prefill?.sha256 ?? null,
    };
    try {
      const id = await this.em.fork().transactional(async (em) => {
        if (await em.findOne(Sample, { uid: entry.uid })) throw new Conflict(`a sample with UID ${entry.uid} already exists`);
        const client = await this.samples.ensureClient(em, actor.username, entry.clientLicense);
        const sample = new Sample(`EXT-${entry.uid}`, client, entry.productType, entry.route ?? defaultRoute(entry.productType));
        sample.uid = entry.uid;
        sample.origin = 'manual';
        sample.productName = entry.productName ?? null;
        sample.batch = entry.batch ?? null;
        em.persist(sample);
        const sourceFile = prefill ? await this.sourceFile(em, actor.username, prefill) : null;
        const outcome = await this.drafts.addResults(em, actor.username, sample, [...typed, ...prefilled], {
          origin: 'manual',
          sourceFile,
          meta: { offlineSource, ...(prefill ? { certificate: prefill.meta } : {}) },
          testedOn: entry.certificate.date,
        });
        if (outcome.kind !== 'drafted') throw new Conflict(`sample ${sample.labSampleId} already has approved results`);
        await this.audit.record(em, {
          actor: actor.username,
          action: 'manual_entry.created',
          entityType: 'result_set',
          entityId: outcome.resultSet.id,
          after: {
            uid: entry.uid,
            source: 'manually entered from an offline source',
            offlineSource,
            entered: typed.map((t) => t.analyte),
            prefilledAwaitingConfirmation: prefilled.map((p) => p.analyte),
          },
        });
        return outcome.resultSet.id;
      });
      return this.view(id);
    } catch (e) {
      if (e instanceof UniqueConstraintViolationException) throw new Conflict(`a sample with UID ${entry.uid} already exists`);
      throw e;
    }
  }

  /**
   * Confirms, corrects or drops, one by one, the values a person must look at before the set is submitted: a
   * manual entry's values pre-filled from its certificate, and in any draft the rows a reader was unsure of. A
   * row the reader could not read fully (no value, or a name not in the catalog) cannot be confirmed as read.
   */
  async confirm(actor: Actor, resultSetId: string, dto: ConfirmValuesDto): Promise<ManualEntryView> {
    await this.em.fork().transactional(async (em) => {
      // A compare-and-set on the status takes the row lock first, so a confirmation (a contribution, for the
      // two-person rule) never lands on a set that was submitted or approved meanwhile.
      const locked = await em.nativeUpdate(ResultSet, { id: resultSetId, status: 'draft' }, { updatedAt: new Date() });
      const set = await em.findOne(
        ResultSet,
        { id: resultSetId },
        { populate: ['results', 'sample', 'sample.client'], refresh: true },
      );
      if (!set) throw new NotFound('result set', resultSetId);
      if (locked !== 1)
        throw new Conflict(`result set ${resultSetId} is ${set.status}; values are confirmed while it is a draft`);
      const now = new Date();
      const manual = set.origin === 'manual';
      for (const [i, v] of dto.values.entries()) {
        const r = set.results.getItems().find((x) => x.analyte === v.analyte && !x.derived && (manual || x.unsure !== null));
        if (!r)
          throw new InvalidInput(`values.${i}.analyte`, `result set ${resultSetId} has no ${v.analyte} waiting for confirmation`);
        const before = {
          analyte: r.analyte,
          value: r.value,
          qualifier: r.qualifier,
          unit: r.unit,
          unsure: r.unsure,
          confirmedBy: r.confirmedBy,
        };
        const corrected = v.value !== undefined || v.qualifier !== undefined || v.as !== undefined;
        const prefix = manual ? 'manual_entry' : 'result_set';
        if (v.drop) {
          set.results.remove(r);
          em.remove(r);
          set.contributors = withContribution(set.contributors, actor.username, 'corrected');
          await this.audit.record(em, {
            actor: actor.username,
            action: `${prefix}.value_dropped`,
            entityType: 'result_set',
            entityId: set.id,
            before,
            after: { analyte: r.analyte, dropped: true },
          });
          continue;
        }
        if (corrected) {
          const target = v.as ?? r.analyte;
          if (isUnlisted(target))
            throw new InvalidInput(
              `values.${i}.as`,
              `"${r.name}" is not in the analyte catalog: name the catalog analyte it is, or drop it`,
            );
          const reading = readManualResult(
            { analyte: target, value: v.value, qualifier: v.qualifier, unit: v.unit ?? r.unit },
            `values.${i}`,
          );
          const taken = set.results.getItems().find((x) => x !== r && !x.derived && x.analyte === reading.analyte);
          if (taken) throw new InvalidInput(`values.${i}.as`, `result set ${resultSetId} already has ${reading.analyte}`);
          correct(r, reading);
        } else if (r.unsure !== null && (isUnlisted(r.analyte) || (r.value === null && r.qualifier === null))) {
          throw new InvalidInput(`values.${i}`, `"${r.name}" was not read fully (${r.unsure}): correct it or drop it`);
        }
        r.unsure = null;
        r.confirmedBy = actor.username;
        r.confirmedAt = now;
        set.contributors = withContribution(set.contributors, actor.username, corrected ? 'corrected' : 'confirmed');
        await this.audit.record(em, {
          actor: actor.username,
          action: corrected ? `${prefix}.value_corrected` : `${prefix}.value_confirmed`,
          entityType: 'result_set',
          entityId: set.id,
          before,
          after: { analyte: r.analyte, value: r.value, qualifier: r.qualifier, unit: r.unit, confirmedBy: r.confirmedBy },
        });
      }
      this.drafts.reevaluate(em, set, set.sample, String(set.meta?.testedOn ?? new Date().toISOString().slice(0, 10)));
    });
    return this.view(resultSetId);
  }

  private async view(id: string): Promise<ManualEntryView> {
    const view = await this.resultSets.get(id);
    const manual = view.origin === 'manual';
    const pending = view.results
      .filter((r) => !r.derived && (r.unsure !== null || (manual && r.confirmedBy === null)))
      .map((r) => r.analyte);
    return { ...view, pendingConfirmation: pending };
  }

  /** Reads the paper certificate with the CoA extractor; its values pre-fill the entry, unconfirmed. */
  private async stored(sha256: string, name?: string): Promise<{ name?: string; bytes: Buffer }> {
    if (!/^[0-9a-f]{64}$/.test(sha256))
      throw new InvalidInput('certificate', 'the certificate read earlier is not named by its sha256');
    try {
      return { name, bytes: await this.files.get(sha256) };
    } catch {
      throw new InvalidInput('certificate', 'the certificate read earlier is no longer stored; attach it again');
    }
  }

  private async prefill(bytes: Buffer, name?: string) {
    const sha256 = FileStore.sha256(bytes);
    const file = { name: safeFileName(name), bytes, sha256, mimeType: 'application/pdf' };
    const detected = await this.coa.detect(file);
    if (detected.length === 0) throw new ImportRejected('the attached certificate is not a PDF', { code: 'not_pdf' });
    await this.files.put(bytes);
    const batch = await this.coa.parse(file, { template: detected[0].template });
    const normalized = await normalize(batch, detected[0].template);
    const first = normalized.samples[0];
    return { sha256, name: file.name, size: bytes.length, results: first?.results ?? [], meta: first?.meta ?? {} };
  }

  private async sourceFile(
    em: EntityManager,
    actor: string,
    f: { sha256: string; name: string; size: number },
  ): Promise<SourceFile> {
    const existing = await em.findOne(SourceFile, { sha256: f.sha256 });
    if (existing) return existing;
    const sf = new SourceFile(f.sha256, f.name, f.size, 'application/pdf', actor);
    em.persist(sf);
    return sf;
  }
}

function correct(r: Result, reading: ReturnType<typeof readManualResult>): void {
  r.analyte = reading.analyte;
  r.panel = reading.panel;
  r.value = reading.value;
  r.qualifier = reading.qualifier;
  r.unit = reading.unit;
  r.reportedValue = reading.reportedValue;
  r.reportedUnit = reading.reportedUnit;
}

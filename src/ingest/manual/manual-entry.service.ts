import { Injectable } from '@nestjs/common';
import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/core';
import { AuditService } from '../../audit/audit.service';
import type { Actor } from '../../auth/actor';
import { Conflict, InvalidInput } from '../../common/errors';
import { FileStore, safeFileName } from '../../files/file-store.service';
import { findOrCreateSourceFile } from '../../files/source-files';
import type { IncomingResult } from '../../results/incoming-result';
import { readManualResult } from '../../results/manual-result.rules';
import { ResultDraftService } from '../../results/result-draft.service';
import { type ConfirmationView, ResultSetService } from '../../results/result-set.service';
import { SampleService } from '../../samples/sample.service';
import { CoaSourceAdapter } from '../coa/coa.adapter';
import { ImportService } from '../import.service';
import type { ManualEntry } from './manual-entry.schemas';

/** The entry's result set with the values pre-filled from its certificate that a person has not confirmed yet. */
export type ManualEntryView = ConfirmationView;

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
    private readonly imports: ImportService,
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
        const sample = await this.samples.registerOffline(em, actor.username, entry);
        const sourceFile = prefill ? await findOrCreateSourceFile(em, actor.username, prefill) : null;
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
      return this.resultSets.forConfirmation(id);
    } catch (e) {
      if (e instanceof UniqueConstraintViolationException) throw new Conflict(`a sample with UID ${entry.uid} already exists`);
      throw e;
    }
  }

  /** A certificate read earlier by `readCertificate`, from the store. */
  private async stored(sha256: string, name?: string): Promise<{ name?: string; bytes: Buffer }> {
    if (!/^[0-9a-f]{64}$/.test(sha256))
      throw new InvalidInput('certificate', 'the certificate read earlier is not named by its sha256');
    try {
      return { name, bytes: await this.files.get(sha256) };
    } catch {
      throw new InvalidInput('certificate', 'the certificate read earlier is no longer stored; attach it again');
    }
  }

  /** Reads the paper certificate as an import reads one; its values pre-fill the entry, unconfirmed. */
  private async prefill(bytes: Buffer, name?: string) {
    const sha256 = FileStore.sha256(bytes);
    const file = { name: safeFileName(name), bytes, sha256, mimeType: 'application/pdf' };
    const { normalized } = await this.imports.read(file, {}, this.imports.open(file, 'coa'));
    await this.files.put(bytes, sha256);
    const first = normalized.samples[0];
    return { ...file, size: bytes.length, results: first?.results ?? [], meta: first?.meta ?? {} };
  }
}

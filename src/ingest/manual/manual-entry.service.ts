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

  async create(actor: Actor, entry: ManualEntry, certificate?: { name?: string; bytes: Buffer }): Promise<ManualEntryView> {
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

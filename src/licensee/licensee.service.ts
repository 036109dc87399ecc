import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/core';
import type { Actor } from '../auth/actor';
import { NotFound } from '../common/errors';
import { AppConfig } from '../config/app-config';
import { ResultSet } from '../results/result-set.entity';
import { Sample } from '../samples/sample.entity';
import type { LicenseeView as StateLicenseeView } from '../state-system/state-system.port';
import { buildCertificateView } from './certificate-view.builder';
import type { CertificateView } from './certificate.view';
import { CertificateService } from './certificate.service';
import { toCsv } from './csv-export';
import { downloadFileName } from './download-name';
import { HolderCheck } from './holder-check.service';
import { stateCertificateView } from './state-certificate.view';
import { toXlsx } from './xlsx-export';

export type ExportFormat = 'json' | 'csv' | 'xlsx' | 'pdf';

export interface LicenseeResults {
  uid: string;
  /** `lab`: approved results this lab released; `state-system`: what the state system holds (not this lab's). */
  source: 'lab' | 'state-system';
  certificates: CertificateView[];
}

const CONTENT_TYPES: Record<ExportFormat, string> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

/**
 * Results for product a licensee holds: samples it submitted, or product the state system says it holds now
 * (including product received from another licensee whose lot was tested here). Approved results only, each
 * sample authorized on its own: several licensees' samples may share a lot or name each other's UID as source.
 * Anything else is the same 404 as an unknown UID, so nobody learns whether a UID exists.
 */
@Injectable()
export class LicenseeService {
  constructor(
    private readonly em: EntityManager,
    private readonly holder: HolderCheck,
    private readonly config: AppConfig,
    private readonly certificates: CertificateService,
  ) {}

  async results(actor: Actor, uid: string): Promise<LicenseeResults> {
    const license = actor.licenseNumber;
    const notFound = new NotFound('results for UID', uid);
    if (!license) throw notFound;
    const em = this.em.fork();
    const samples = await em.find(Sample, { $or: [{ uid }, { sourceUid: uid }] }, { populate: ['client'] });
    // Samples from one lot may belong to several licensees: each sample is authorized on its own, never the lot.
    const own = samples.filter((s) => s.client.licenseNumber === license);
    const held = own.length > 0 && own.length === samples.length ? null : await this.holder.view(license, uid);
    const visible = [...own, ...samples.filter((s) => !own.includes(s) && heldByCaller(held, s))];
    // The UID printed on a certificate is the lab's sample, which the state system shows nobody as held: a
    // retailer holding the lot it was drawn from finds it by that UID too, once the state system confirms the lot.
    for (const lot of new Set(
      samples.filter((s) => !visible.includes(s) && s.uid === uid && s.sourceUid).map((s) => s.sourceUid!),
    )) {
      const lotView = await this.holder.view(license, lot);
      visible.push(...samples.filter((s) => !visible.includes(s) && s.sourceUid === lot && heldByCaller(lotView, s)));
    }

    const sets = visible.length
      ? await em.find(
          ResultSet,
          { sample: { $in: visible }, status: { $in: ['approved', 'superseded'] } },
          { populate: ['sample', 'sample.client', 'results'], orderBy: { approvedAt: 'desc' } },
        )
      : [];
    const current = sets.filter((s) => s.status === 'approved');
    if (current.length) {
      const context = await this.certificates.context(em, current);
      return {
        uid,
        source: 'lab',
        certificates: current.map((set) =>
          buildCertificateView(
            set,
            sets.filter((v) => v.sample.id === set.sample.id).sort((a, b) => a.version - b.version),
            context,
          ),
        ),
      };
    }
    const fromState = held ?? (await this.holder.view(license, uid));
    if (!fromState || fromState.samples.every((s) => s.results.length === 0)) throw notFound;
    return {
      uid,
      source: 'state-system',
      certificates: [stateCertificateView(fromState, { lab: this.config.lab, publicUrl: this.config.publicUrl, license })],
    };
  }

  /** The latest certificate for the UID as a file. */
  async export(
    actor: Actor,
    uid: string,
    format: ExportFormat,
  ): Promise<{ contentType: string; fileName: string; body: Buffer }> {
    const results = await this.results(actor, uid);
    const view = results.certificates[0];
    const body =
      format === 'json'
        ? Buffer.from(JSON.stringify(results, null, 2))
        : format === 'csv'
          ? toCsv(view, this.config.lab.timeZone)
          : format === 'xlsx'
            ? toXlsx(view, this.config.lab.timeZone)
            : view.source === 'lab'
              ? await this.certificates.pdf(view.resultSet.id)
              : await this.certificates.render(view);
    return { contentType: CONTENT_TYPES[format], fileName: downloadFileName(view, uid, format), body };
  }

  /** The certificate the state system links to (public by unguessable id; released result sets only). */
  certificatePdf(resultSetId: string): Promise<Buffer> {
    return this.certificates.pdf(resultSetId);
  }
}

/**
 * Whether the state system, asked with the caller's own account, confirms the caller holds this sample's item:
 * the item it holds is the sample itself, the lot the sample was drawn from, or lists the sample among its lab
 * samples. Another licensee's sample of the same lot is never shown because the caller has one of its own.
 */
function heldByCaller(held: StateLicenseeView | null, sample: Sample): boolean {
  if (!held) return false;
  return sample.uid === held.uid || sample.sourceUid === held.uid || held.samples.some((s) => s.uid === sample.uid);
}

import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/core';
import type { Actor } from '../auth/actor';
import { AppConfig } from '../config/app-config';
import { isPostgres } from '../db/platform';
import { ResultSet } from '../results/result-set.entity';
import { Sample } from '../samples/sample.entity';
import { buildCertificateView } from './certificate-view.builder';
import { CertificateService } from './certificate.service';
import type { LicenseeListDto } from './licensee.schemas';
import { inTestingRow, releasedRow, type PortalRow } from './portal-row';
import { portalWhere } from './portal-query';

export interface PortalPage {
  total: number;
  offset: number;
  limit: number;
  rows: PortalRow[];
}

/**
 * A licensee's list of its samples: each with its current release and the certificate's summary, or "in testing"
 * while the lab has not released it. Newest first. Only the caller's own license's samples, never another's.
 */
@Injectable()
export class LicenseePortal {
  constructor(
    private readonly em: EntityManager,
    private readonly config: AppConfig,
    private readonly certificates: CertificateService,
  ) {}

  async list(actor: Actor, q: LicenseeListDto): Promise<PortalPage> {
    const license = actor.licenseNumber;
    if (!license) return { total: 0, offset: q.offset, limit: q.limit, rows: [] };
    const em = this.em.fork();
    const [samples, total] = await em.findAndCount(Sample, portalWhere(license, q, isPostgres(em)), {
      populate: ['client'],
      orderBy: { createdAt: 'desc', labSampleId: 'asc' },
      limit: q.limit,
      offset: q.offset,
    });
    const sets = samples.length
      ? await em.find(
          ResultSet,
          { sample: { $in: samples.map((s) => s.id) }, status: { $in: ['approved', 'superseded'] } },
          { populate: ['sample', 'sample.client', 'results'], orderBy: { version: 'asc' } },
        )
      : [];
    const context = await this.certificates.context(em, sets);
    const summary = this.certificates.summaryAnalytes();
    const rows = samples.map((sample) => {
      const versions = sets.filter((s) => s.sample.id === sample.id);
      const current = versions.find((s) => s.status === 'approved');
      return current
        ? releasedRow(buildCertificateView(current, versions, context), summary)
        : inTestingRow(sample, this.config.lab.name);
    });
    return { total, offset: q.offset, limit: q.limit, rows };
  }
}

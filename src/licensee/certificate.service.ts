import * as fs from 'node:fs';
import * as path from 'node:path';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/core';
import { Eta } from 'eta';
import { User } from '../auth/user.entity';
import { NotFound } from '../common/errors';
import { AppConfig, ConfigError } from '../config/app-config';
import { FileStore } from '../files/file-store.service';
import { SourceFile } from '../files/source-file.entity';
import { ResultSet } from '../results/result-set.entity';
import { Signature } from '../signatures/signature.entity';
import { buildCertificateView, type CertificateContext, type RecordedSignature, type Signer } from './certificate-view.builder';
import { LabMethod } from '../methods/lab-method.entity';
import { loadCertificateLayout, type CertificateLayout } from './certificate-layout';
import type { CertificateView } from './certificate.view';
import { toPdf } from './pdf-export';
import { notFoundVerifyPage, toVerifyPage, toVerifySignatures, type VerifyAnswer } from './verify.view';

const RELEASED = ['approved', 'superseded'] as const;

/**
 * The certificate of a released result set: the PDF (the document the state system links to and Metrc
 * attaches), the other lab's original when the results are a record of its testing, and the public
 * verification answer behind the QR code.
 */
@Injectable()
export class CertificateService implements OnModuleInit {
  private layout!: CertificateLayout;
  private logo: Buffer | null = null;
  private readonly eta: Eta;

  constructor(
    private readonly em: EntityManager,
    private readonly config: AppConfig,
    private readonly files: FileStore,
  ) {
    this.eta = new Eta({
      views: path.join(config.templatesDir, 'views'),
      cache: true,
      autoEscape: true,
      autoTrim: [false, 'nl'],
    });
  }

  /** A bad layout or logo stops the service at start-up, not at the first certificate. */
  onModuleInit(): void {
    this.layout = loadCertificateLayout(this.config.certificateLayoutFile);
    this.logo = this.config.lab.logoFile ? readLogo(this.config.lab.logoFile) : null;
  }

  /** The analytes the certificate's summary block prints, in order (Total THC, Total CBD, ...). */
  summaryAnalytes(): readonly string[] {
    return this.layout.summaryAnalytes;
  }

  /** The warning the certificate page and start-up log give when PUBLIC_URL names this machine. */
  localUrlWarning(): string | null {
    return this.config.publicUrlIsLocal
      ? `PUBLIC_URL is ${this.config.publicUrl}: the QR codes on certificates point at this machine and will not work for anyone else. Set PUBLIC_URL to the address the public reaches this service at.`
      : null;
  }

  /** The certificate PDF of a released result set (current or superseded). */
  async pdf(resultSetId: string): Promise<Buffer> {
    const em = this.em.fork();
    const set = await em.findOne(
      ResultSet,
      { id: resultSetId, status: { $in: [...RELEASED] } },
      { populate: ['sample', 'sample.client', 'results'] },
    );
    if (!set) throw new NotFound('certificate', resultSetId);
    const versions = await em.find(
      ResultSet,
      { sample: set.sample, status: { $in: [...RELEASED] } },
      { orderBy: { version: 'asc' } },
    );
    return this.render(buildCertificateView(set, versions, await this.context(em, [set])));
  }

  /** What the view builder needs beside the result set: the lab, the public address, who signed. */
  async context(
    em: EntityManager,
    sets: ResultSet[],
  ): Promise<CertificateContext & { signers: Record<string, Signer>; methods: Record<string, string> }> {
    const names = [...new Set(sets.map((s) => s.approvedBy).filter((n): n is string => !!n))];
    const users = names.length ? await em.find(User, { username: { $in: names } }) : [];
    return {
      lab: this.config.lab,
      publicUrl: this.config.publicUrl,
      signers: Object.fromEntries(users.map((u) => [u.username, { fullName: u.fullName, title: u.title }])),
      signatures: await this.signaturesOf(em, sets),
      methods: await this.methodNames(em, sets),
    };
  }

  /** The e-signatures of the sets' versions, oldest first, as they were signed (name and title at that moment). */
  private async signaturesOf(em: EntityManager, sets: ResultSet[]): Promise<Record<string, RecordedSignature[]>> {
    if (!sets.length) return {};
    const rows = await em.find(
      Signature,
      { resultSet: { $in: sets.map((s) => s.id) } },
      { orderBy: { signedAt: 'asc', createdAt: 'asc' } },
    );
    const out: Record<string, RecordedSignature[]> = {};
    for (const r of rows) {
      (out[r.resultSet.id] ??= []).push({
        action: r.action,
        username: r.username,
        fullName: r.fullName,
        title: r.title,
        meaning: r.meaning,
        signedAt: r.signedAt.toISOString(),
        contentHash: r.contentHash,
      });
    }
    return out;
  }

  /** How the certificate names each lab method the sets' results were judged by ("name (key vN), instrument"). */
  private async methodNames(em: EntityManager, sets: ResultSet[]): Promise<Record<string, string>> {
    const tags = new Set<string>();
    for (const set of sets) {
      if (!set.results.isInitialized()) continue;
      for (const r of set.results.getItems()) if (r.provenance?.method) tags.add(r.provenance.method);
    }
    const wanted = [...tags].flatMap((tag) => {
      const m = /^(.+) v(\d+)$/.exec(tag);
      return m ? [{ tag, key: m[1], version: Number(m[2]) }] : [];
    });
    if (!wanted.length) return {};
    const found = await em.find(LabMethod, { $or: wanted.map(({ key, version }) => ({ key, version })) });
    const out: Record<string, string> = {};
    for (const w of wanted) {
      const method = found.find((m) => m.key === w.key && m.version === w.version);
      const def = method?.definition as { name?: string; instrument?: string } | undefined;
      if (def?.name) out[w.tag] = `${def.name} (${w.tag})${def.instrument ? `, ${def.instrument}` : ''}`;
    }
    return out;
  }

  /** Renders a built view; attaches the other lab's original certificate when the service holds it. */
  async render(view: CertificateView): Promise<Buffer> {
    const original = view.reportedBy?.originalUrl ? await this.originalOf(view.resultSet.id) : null;
    return toPdf(view, new Date(), {
      layout: this.layout,
      timeZone: this.config.lab.timeZone,
      logo: this.logo,
      original,
      publicUrlIsLocal: this.config.publicUrlIsLocal,
    });
  }

  /** The other lab's certificate the results were entered or imported from. */
  async original(resultSetId: string): Promise<{ name: string; bytes: Buffer }> {
    const found = await this.originalOf(resultSetId);
    if (!found) throw new NotFound('original certificate of', resultSetId);
    return found;
  }

  private async originalOf(resultSetId: string): Promise<{ name: string; bytes: Buffer } | null> {
    const em = this.em.fork();
    const set = await em.findOne(ResultSet, { id: resultSetId, status: { $in: [...RELEASED] } }, { populate: ['results'] });
    if (!set) return null;
    const offline = set.meta?.offlineSource as { certificateFile?: unknown } | undefined;
    const sha = typeof offline?.certificateFile === 'string' ? offline.certificateFile : null;
    const file = sha
      ? await em.findOne(SourceFile, { sha256: sha })
      : await em.findOne(SourceFile, {
          id: { $in: set.results.getItems().flatMap((r) => (r.sourceFile ? [r.sourceFile.id] : [])) },
          mimeType: 'application/pdf',
        });
    if (!file) return null;
    return {
      name: file.name.toLowerCase().endsWith('.pdf') ? file.name : `${file.name}.pdf`,
      bytes: await this.files.get(file.sha256),
    };
  }

  /** What the QR code answers: whether this version was released here, whether it still stands, and the current one. */
  async verify(resultSetId: string): Promise<VerifyAnswer> {
    const em = this.em.fork();
    const set = await em.findOne(
      ResultSet,
      { id: resultSetId, status: { $in: [...RELEASED] } },
      { populate: ['sample', 'sample.client', 'results'] },
    );
    if (!set) throw new NotFound('certificate', resultSetId);
    const next = set.status === 'superseded' ? await em.findOne(ResultSet, { amends: set }) : null;
    const current =
      set.status === 'approved'
        ? set
        : await em.findOne(ResultSet, { sample: set.sample, status: 'approved' }, { orderBy: { version: 'desc' } });
    const view = buildCertificateView(set, [], await this.context(em, [set]));
    const base = this.config.publicUrl;
    const isCurrent = set.status === 'approved';
    return {
      genuine: isCurrent,
      issued: true,
      current: isCurrent,
      labSampleId: set.sample.labSampleId,
      uid: set.sample.uid,
      productName: view.sample.productName,
      batch: view.sample.batch,
      version: set.version,
      status: set.status,
      verdict: set.verdict,
      approvedAt: set.approvedAt?.toISOString() ?? null,
      supersededBy: next?.version ?? null,
      currentVersion: current
        ? {
            id: current.id,
            version: current.version,
            approvedAt: current.approvedAt?.toISOString() ?? null,
            verifyUrl: `${base}/verify/${current.id}`,
            pdfUrl: `${base}/api/certificates/${current.id}.pdf`,
          }
        : null,
      panels: view.resultSet.panels,
      totals: this.layout.summaryAnalytes.flatMap((key) => {
        const r = view.results.find((x) => x.analyte === key && x.derived) ?? view.results.find((x) => x.analyte === key);
        return r ? [{ analyte: key, value: r.value, qualifier: r.qualifier, unit: r.unit }] : [];
      }),
      lab: { name: this.config.lab.name, license: this.config.lab.license },
      reportedBy: view.reportedBy ? { name: view.reportedBy.name, license: view.reportedBy.license } : null,
      signatures: toVerifySignatures(view.signatures),
      message: isCurrent
        ? `Version ${set.version} of this certificate was released by ${this.config.lab.name} and is the current version.`
        : `Version ${set.version} was released by ${this.config.lab.name} but has been superseded${next ? ` by version ${next.version}` : ''}: it is no longer valid.${current ? ` Use version ${current.version}.` : ' No version stands now.'}`,
    };
  }

  /** The phone page for the QR code: 200 with the facts, or 404 in words. */
  async verifyPage(resultSetId: string): Promise<{ status: number; html: string }> {
    const warning = this.localUrlWarning();
    try {
      const answer = await this.verify(resultSetId);
      return {
        status: 200,
        html: this.eta.render('./verify', toVerifyPage(answer, { timeZone: this.config.lab.timeZone, localWarning: warning })),
      };
    } catch (e) {
      if (!(e instanceof NotFound)) throw e;
      return { status: 404, html: this.eta.render('./verify', notFoundVerifyPage(warning)) };
    }
  }
}

function readLogo(file: string): Buffer {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    throw new ConfigError([`LAB_LOGO_FILE: ${file} cannot be read (${e instanceof Error ? e.message : String(e)})`]);
  }
  const png = bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8;
  if (!png && !jpeg) throw new ConfigError([`LAB_LOGO_FILE: ${file} is not a PNG or JPEG image`]);
  return bytes;
}

import * as fs from 'node:fs';
import * as path from 'node:path';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { DomainError } from '../common/errors';
import { ImportRejected } from '../ingest/import-rejected.error';
import { ImportService } from '../ingest/import.service';
import type { FormOutcome } from './web-form.interceptor';
import type { UploadFields } from './web-forms.schemas';
import { incomingDir, type WebUploadedFile as UploadedFile } from './web-multipart.interceptor';

export type { UploadedFile };

/** How one file of an upload went; a refused file does not stop the others. */
export interface UploadOutcome {
  name: string;
  ok: boolean;
  /** False when the same bytes had been imported before (the earlier import is shown). */
  created: boolean;
  href: string | null;
  resultSets: number;
  unmatched: number;
  error: string | null;
  /** The teach page, when no template reads the file. */
  teachHref?: string;
}

/** Upload pages: each file goes through ImportService.import exactly as POST /api/imports would send it. */
@Injectable()
export class UploadService implements OnModuleInit {
  constructor(
    private readonly imports: ImportService,
    private readonly config: AppConfig,
  ) {}

  /** Uploads a crash left half-received are of no use to anyone (an hour old: another instance may share DATA_DIR). */
  async onModuleInit(now = Date.now()): Promise<void> {
    const dir = incomingDir(this.config);
    const names = await fs.promises.readdir(dir).catch(() => [] as string[]);
    for (const name of names) {
      const file = path.join(dir, name);
      const stat = await fs.promises.stat(file).catch(() => null);
      if (stat && now - stat.mtimeMs > 60 * 60 * 1000) await fs.promises.rm(file, { force: true });
    }
  }

  async importOne(actor: string, file: UploadedFile | undefined, fields: UploadFields): Promise<UploadOutcome> {
    if (!file)
      return {
        name: '(no file)',
        ok: false,
        created: false,
        href: null,
        resultSets: 0,
        unmatched: 0,
        error: 'choose a file to upload',
      };
    try {
      // One file in memory at a time, however many the form carried.
      const bytes = await fs.promises.readFile(file.path);
      const { created, summary } = await this.imports.import(
        actor,
        { name: file.originalname, bytes, mimeType: file.mimetype },
        fields,
      );
      return {
        name: summary.sourceFile.name,
        ok: true,
        created,
        href: `/imports/${summary.id}`,
        resultSets: summary.resultSets.length,
        unmatched: summary.unmatchedPage.open,
        error: null,
      };
    } catch (e) {
      if (e instanceof ImportRejected || e instanceof DomainError) {
        const teach =
          e instanceof ImportRejected && e.details.code === 'no_template' ? { teachHref: '/instrument-templates/new' } : {};
        return {
          name: file.originalname,
          ok: false,
          created: false,
          href: null,
          resultSets: 0,
          unmatched: 0,
          error: e.message,
          ...teach,
        };
      }
      throw e;
    }
  }

  /** The form without script: every file in turn, then the one import's summary or the upload page with a line per file. */
  async importAll(actor: string, files: UploadedFile[], fields: UploadFields): Promise<FormOutcome> {
    if (files.length === 0) return { url: '/upload', flash: { kind: 'error', text: 'Choose one or more files to upload.' } };
    const outcomes: UploadOutcome[] = [];
    for (const f of files) outcomes.push(await this.importOne(actor, f, fields));
    const failed = outcomes.filter((o) => !o.ok);
    const lines = outcomes.map((o) =>
      o.ok
        ? `${o.name}: ${o.created ? 'imported' : 'imported before'} (${o.resultSets} result set(s), ${o.unmatched} unmatched)`
        : `${o.name}: ${o.error}${o.teachHref ? ' (no template reads it: teach the service this format at /instrument-templates/new)' : ''}`,
    );
    const flash = { kind: failed.length ? ('error' as const) : ('success' as const), text: lines.join(' · ') };
    return { url: outcomes.length === 1 && outcomes[0].href ? outcomes[0].href : '/upload', flash };
  }
}

import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type CallHandler, type ExecutionContext, Injectable, mixin, type NestInterceptor, type Type } from '@nestjs/common';
import type { Request, Response } from 'express';
import multer, { MulterError, type StorageEngine } from 'multer';
import { finalize, type Observable } from 'rxjs';
import { InvalidInput, PayloadTooLarge } from '../common/errors';
import { AppConfig } from '../config/app-config';
import { CsrfRejected, csrfMatches, expectedCsrf } from './web-form.interceptor';
import { CSRF_FIELD, CSRF_HEADER, type WebRequest } from './web-request';

/** What a page's upload handler receives: the file on disk, read when its turn comes (never all at once). */
export interface WebUploadedFile {
  originalname: string;
  mimetype: string;
  /** The temporary file under DATA_DIR/incoming; removed when the request ends. */
  path: string;
  size: number;
}

/** Room for a form's own fields and the multipart framing beyond its files. */
const FORM_ALLOWANCE_BYTES = 512 * 1024;

/** Where uploads from the pages wait while their request runs. */
export const incomingDir = (config: AppConfig): string => path.join(config.dataDir, 'incoming');

/**
 * Multipart page forms. Nothing is read before the CSRF token is checked: a request declaring more than the
 * upload limit is refused at once, a CSRF header is checked at once, and a form's `_csrf` field must come
 * before its files (it does in every page's form) — a file part arriving without it ends the request. Files
 * stream to temporary files, never memory, and MAX_UPLOAD_BYTES bounds all the files of the request together.
 */
export function WebMultipart(field: string, maxFiles: number): Type<NestInterceptor> {
  @Injectable()
  class WebMultipartInterceptor implements NestInterceptor {
    constructor(private readonly config: AppConfig) {}

    async intercept(ctx: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
      const req = ctx.switchToHttp().getRequest<WebRequest>();
      const res = ctx.switchToHttp().getResponse<Response>();
      const limit = this.config.limits.maxUploadBytes;
      const tooLarge = () =>
        new PayloadTooLarge(
          `the upload is larger than MAX_UPLOAD_BYTES (${limit} bytes) in all: send fewer or smaller files at once`,
        );
      const expected = expectedCsrf(req);
      const header = req.get(CSRF_HEADER);
      const refusedUnread =
        Number(req.headers['content-length'] ?? 0) > limit + FORM_ALLOWANCE_BYTES
          ? tooLarge()
          : header !== undefined && !csrfMatches(header, expected)
            ? new CsrfRejected()
            : null;
      if (refusedUnread) {
        res.setHeader('Connection', 'close');
        throw refusedUnread;
      }

      const dir = incomingDir(this.config);
      await fs.promises.mkdir(dir, { recursive: true });
      const stored: string[] = [];
      const removeAll = () => Promise.all(stored.map((f) => fs.promises.rm(f, { force: true }))).then(() => undefined);
      // Multer reads a refused request to its end before it reports why; the answer goes out now instead, and
      // the connection closes after it rather than wait for the rest of the body.
      let refuse: (e: Error) => void = () => {};
      const refuseNow = (e: Error): Error => {
        res.setHeader('Connection', 'close');
        refuse(e);
        return e;
      };
      const upload = multer({
        storage: new TempFileStorage(dir, limit, stored, () => refuseNow(tooLarge())),
        limits: { fileSize: limit, files: maxFiles, fields: 100, fieldSize: 8192 },
        defParamCharset: 'utf8',
        fileFilter: (r, _file, cb) => {
          const sent =
            (r as Request).get(CSRF_HEADER) ?? ((r as Request).body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
          if (typeof sent === 'string' && csrfMatches(sent, expected)) cb(null, true);
          else cb(refuseNow(new CsrfRejected()));
        },
      }).array(field, maxFiles);
      try {
        await new Promise<void>((resolve, reject) => {
          refuse = reject;
          upload(req, res, (e?: unknown) => (e ? reject(e) : resolve()));
        });
      } catch (e) {
        await removeAll();
        throw toFormError(e, field, maxFiles, tooLarge);
      }
      const files = (req.files ?? []) as unknown as WebUploadedFile[];
      if (maxFiles > 1) req.files = files as unknown as Express.Multer.File[];
      else req.file = files[0] as unknown as Express.Multer.File | undefined;
      return next.handle().pipe(finalize(() => void removeAll()));
    }
  }
  return mixin(WebMultipartInterceptor);
}

/** Each file to its own temporary file, counting the bytes of all the request's files against the limit. */
class TempFileStorage implements StorageEngine {
  private total = 0;

  constructor(
    private readonly dir: string,
    private readonly limit: number,
    private readonly stored: string[],
    private readonly tooLarge: () => Error,
  ) {}

  _handleFile(
    _req: Request,
    file: Express.Multer.File,
    cb: (error?: unknown, info?: Partial<Express.Multer.File>) => void,
  ): void {
    const target = path.join(this.dir, `${randomBytes(16).toString('hex')}.upload`);
    this.stored.push(target);
    let size = 0;
    const count = new Transform({
      transform: (chunk: Buffer, _enc, done) => {
        size += chunk.length;
        this.total += chunk.length;
        done(this.total > this.limit ? this.tooLarge() : null, chunk);
      },
    });
    pipeline(file.stream, count, fs.createWriteStream(target, { flags: 'wx' })).then(
      () => cb(null, { path: target, size }),
      (e: unknown) => cb(e),
    );
  }

  _removeFile(_req: Request, file: Express.Multer.File, cb: (error: Error | null) => void): void {
    fs.rm(file.path, { force: true }, (e) => cb(e));
  }
}

function toFormError(e: unknown, field: string, maxFiles: number, tooLarge: () => Error): unknown {
  if (!(e instanceof MulterError)) return e;
  if (e.code === 'LIMIT_FILE_SIZE') return tooLarge();
  if (e.code === 'LIMIT_FILE_COUNT') return new InvalidInput(field, `at most ${maxFiles} file(s) at once`);
  if (e.code === 'LIMIT_UNEXPECTED_FILE')
    return new InvalidInput(e.field ?? field, `unexpected file field: send files as "${field}"`);
  return new InvalidInput(e.field ?? 'form', e.message);
}

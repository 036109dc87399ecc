import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';

/** Uploaded files kept under DATA_DIR/uploads by their sha256; the same bytes are written once. */
@Injectable()
export class FileStore {
  constructor(private readonly config: AppConfig) {}

  static sha256(bytes: Buffer): string {
    return createHash('sha256').update(bytes).digest('hex');
  }

  pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return path.join(this.config.uploadsDir, sha256.slice(0, 2), sha256);
  }

  /** Writes the bytes under their hash (atomically: temp file then rename) unless already there. `sha` when the caller has it. */
  async put(bytes: Buffer, sha = FileStore.sha256(bytes)): Promise<string> {
    const target = this.pathOf(sha);
    if (fs.existsSync(target)) return sha;
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    // Unique per call: the same bytes uploaded twice at once must not collide on the temporary name.
    const tmp = `${target}.${randomBytes(8).toString('hex')}.tmp`;
    await fs.promises.writeFile(tmp, bytes, { flag: 'wx' });
    await fs.promises.rename(tmp, target);
    return sha;
  }

  async get(sha256: string): Promise<Buffer> {
    return fs.promises.readFile(this.pathOf(sha256));
  }
}

/**
 * A display name safe to store and show: no directories, no control characters (C0, C1), no bidirectional
 * overrides that would show "report\u202Evsc.exe" as "reportexe.csv", bounded length.
 */
export function safeFileName(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu, '').trim().slice(0, 200);
  return clean === '' || clean === '.' || clean === '..' ? 'upload' : clean;
}

import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Injectable } from '@nestjs/common';
import { DiskFull, isDiskFull } from '../common/errors';
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

  /**
   * Writes the bytes under their hash unless they are already there, durably: the import that refers to them
   * commits with a synchronous write, so the file must not be the part a power cut takes away. The bytes go to
   * a temporary file that is synced before it is renamed, and the directory is synced after. A file left short
   * by an earlier crash (its size is not the upload's) is written again. `sha` when the caller has it.
   * A full disk is `DiskFull`, with no temporary file left behind.
   */
  async put(bytes: Buffer, sha = FileStore.sha256(bytes)): Promise<string> {
    try {
      return await this.write(bytes, sha);
    } catch (error) {
      if (isDiskFull(error)) throw new DiskFull();
      throw error;
    }
  }

  private async write(bytes: Buffer, sha: string): Promise<string> {
    const target = this.pathOf(sha);
    if ((await sizeOf(target)) === bytes.length) return sha;
    const dir = path.dirname(target);
    await fs.promises.mkdir(dir, { recursive: true });
    // Unique per call: the same bytes uploaded twice at once must not collide on the temporary name.
    const tmp = `${target}.${randomBytes(8).toString('hex')}.tmp`;
    try {
      await writeSynced(tmp, bytes);
      await fs.promises.rename(tmp, target);
    } catch (error) {
      await fs.promises.rm(tmp, { force: true });
      throw error;
    }
    await syncDirectory(dir);
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
  const clean = base
    .replace(/[\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu, '')
    .trim()
    .slice(0, 200);
  return clean === '' || clean === '.' || clean === '..' ? 'upload' : clean;
}

async function writeSynced(file: string, bytes: Buffer): Promise<void> {
  const handle = await fs.promises.open(file, 'wx');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function sizeOf(file: string): Promise<number | undefined> {
  try {
    return (await fs.promises.stat(file)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Makes a rename in `dir` durable. Windows cannot open a directory to sync it; there the rename is left to the file system. */
async function syncDirectory(dir: string): Promise<void> {
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(dir, 'r');
  } catch (error) {
    if (process.platform === 'win32') return;
    throw error;
  }
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

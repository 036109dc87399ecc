import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DiskFull } from '../common/errors';
import { AppConfig } from '../config/app-config';
import { FileStore } from './file-store.service';

describe('FileStore', () => {
  let dataDir: string;
  let store: FileStore;
  const bytes = Buffer.from('Sample ID,Analyte,Result\nLAB-1,thc,0.5\n');
  const sha = FileStore.sha256(bytes);

  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'file-store-'));
    store = new FileStore(AppConfig.fromEnv({ DATA_DIR: dataDir }));
  });
  afterEach(() => {
    jest.restoreAllMocks();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const leftovers = () => fs.readdirSync(path.dirname(store.pathOf(sha))).filter((f) => f !== sha);

  it('keeps the bytes under their hash, with no temporary file left', async () => {
    expect(await store.put(bytes)).toBe(sha);
    expect(store.pathOf(sha)).toBe(path.join(dataDir, 'uploads', sha.slice(0, 2), sha));
    expect(await store.get(sha)).toEqual(bytes);
    expect(leftovers()).toEqual([]);
  });

  it('writes the same bytes once', async () => {
    await store.put(bytes, sha);
    const written = fs.statSync(store.pathOf(sha)).mtimeMs;
    const open = jest.spyOn(fs.promises, 'open');
    await store.put(bytes, sha);
    expect(open).not.toHaveBeenCalled();
    expect(fs.statSync(store.pathOf(sha)).mtimeMs).toBe(written);
  });

  it('writes again a file an earlier crash left short', async () => {
    fs.mkdirSync(path.dirname(store.pathOf(sha)), { recursive: true });
    fs.writeFileSync(store.pathOf(sha), bytes.subarray(0, 10));
    await store.put(bytes, sha);
    expect(await store.get(sha)).toEqual(bytes);
  });

  it('syncs the file before it takes its name, and the directory after', async () => {
    const steps: string[] = [];
    const realOpen = fs.promises.open.bind(fs.promises);
    jest.spyOn(fs.promises, 'open').mockImplementation(async (file, flags) => {
      const handle = await realOpen(file, flags);
      const realSync = handle.sync.bind(handle);
      handle.sync = async () => {
        steps.push(
          `sync ${String(file).endsWith('.tmp') ? 'temporary file' : String(file) === path.dirname(store.pathOf(sha)) ? 'directory' : file}`,
        );
        return realSync();
      };
      return handle;
    });
    const realRename = fs.promises.rename.bind(fs.promises);
    jest.spyOn(fs.promises, 'rename').mockImplementation(async (from, to) => {
      steps.push('rename');
      return realRename(from, to);
    });
    await store.put(bytes, sha);
    expect(steps).toEqual(['sync temporary file', 'rename', 'sync directory']);
  });

  it('removes the temporary file when writing fails, and names nothing under the hash', async () => {
    jest.spyOn(fs.promises, 'rename').mockRejectedValueOnce(Object.assign(new Error('EIO: i/o error'), { code: 'EIO' }));
    await expect(store.put(bytes, sha)).rejects.toThrow('EIO');
    expect(fs.existsSync(store.pathOf(sha))).toBe(false);
    expect(leftovers()).toEqual([]);
  });

  it.each([['ENOSPC'], ['EDQUOT']])('says the disk is full (%s), with nothing left under the hash', async (code) => {
    jest
      .spyOn(fs.promises, 'rename')
      .mockRejectedValueOnce(Object.assign(new Error(`${code}: no space left on device`), { code }));
    await expect(store.put(bytes, sha)).rejects.toBeInstanceOf(DiskFull);
    expect(fs.existsSync(store.pathOf(sha))).toBe(false);
    expect(leftovers()).toEqual([]);
  });
});

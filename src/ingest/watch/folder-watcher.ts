import * as fs from 'node:fs';
import * as path from 'node:path';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { UserService } from '../../auth/user.service';
import { AppConfig } from '../../config/app-config';
import { ImportService } from '../import.service';
import { watchAccountProblem } from './watch-account';

const INTERVAL_NAME = 'watch-folder';

/**
 * Polls WATCH_DIR. A file is imported once its size and modification time held still between two polls,
 * then moved to `processed/`, or to `failed/` with `<name>.error.txt` beside it. Imports are recorded as the
 * work of WATCH_TECHNICIAN, which must be an active technician's account (checked at start-up and before every
 * pass; otherwise the files wait and the error says why); a person still submits them for review.
 */
@Injectable()
export class FolderWatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(FolderWatcher.name);
  private readonly seen = new Map<string, string>();
  private running = false;
  /** Why the folder is not processed now (WATCH_TECHNICIAN is not an active technician), or null. */
  problem: string | null = null;

  constructor(
    private readonly config: AppConfig,
    private readonly imports: ImportService,
    private readonly users: UserService,
    private readonly scheduler: SchedulerRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const watch = this.config.watch;
    if (!watch) return;
    for (const sub of ['', 'processed', 'failed']) fs.mkdirSync(path.join(watch.dir, sub), { recursive: true });
    this.scheduler.addInterval(
      INTERVAL_NAME,
      setInterval(() => void this.poll(), watch.intervalSeconds * 1000),
    );
    this.logger.log(`watching ${watch.dir} every ${watch.intervalSeconds}s as technician ${watch.technician}`);
    await this.checkAccount(watch.technician);
  }

  onApplicationShutdown(): void {
    if (this.scheduler.doesExist('interval', INTERVAL_NAME)) this.scheduler.deleteInterval(INTERVAL_NAME);
  }

  /** One pass over the folder; returns what it did (tests call this directly). */
  async poll(): Promise<Array<{ file: string; outcome: 'processed' | 'failed' | 'waiting' }>> {
    const watch = this.config.watch;
    if (!watch || this.running) return [];
    this.running = true;
    try {
      if (!(await this.checkAccount(watch.technician))) return [];
      const done: Array<{ file: string; outcome: 'processed' | 'failed' | 'waiting' }> = [];
      const entries = await fs.promises.readdir(watch.dir, { withFileTypes: true });
      const present = new Set<string>();
      for (const e of entries) {
        if (!e.isFile() || e.name.startsWith('.')) continue;
        present.add(e.name);
        const full = path.join(watch.dir, e.name);
        const st = await fs.promises.stat(full);
        const signature = `${st.size}:${st.mtimeMs}`;
        if (this.seen.get(e.name) !== signature) {
          this.seen.set(e.name, signature);
          done.push({ file: e.name, outcome: 'waiting' });
          continue;
        }
        this.seen.delete(e.name);
        done.push({ file: e.name, outcome: await this.importOne(full, e.name, watch.technician, watch.dir) });
      }
      for (const name of this.seen.keys()) if (!present.has(name)) this.seen.delete(name);
      return done;
    } finally {
      this.running = false;
    }
  }

  /** Whether the folder may import as `username` now; a new reason not to is logged once, as an error. */
  private async checkAccount(username: string): Promise<boolean> {
    const problem = watchAccountProblem(username, await this.users.findByUsername(username));
    if (problem && problem !== this.problem) this.logger.error(problem);
    if (!problem && this.problem)
      this.logger.log(`WATCH_TECHNICIAN "${username}" is an active technician now: processing the watched folder`);
    this.problem = problem;
    return problem === null;
  }

  private async importOne(full: string, name: string, technician: string, dir: string): Promise<'processed' | 'failed'> {
    try {
      const bytes = await fs.promises.readFile(full);
      const { summary } = await this.imports.import(technician, { name, bytes }, {});
      await moveAside(full, path.join(dir, 'processed'), name);
      this.logger.log(`imported ${name} (import ${summary.id})`);
      return 'processed';
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      const target = await moveAside(full, path.join(dir, 'failed'), name);
      await fs.promises.writeFile(`${target}.error.txt`, `${message}\n`);
      this.logger.warn(`could not import ${name}: ${message}`);
      return 'failed';
    }
  }
}

/** Moves a file into `into`, never overwriting an earlier file of the same name. */
async function moveAside(from: string, into: string, name: string): Promise<string> {
  let target = path.join(into, name);
  if (fs.existsSync(target)) target = path.join(into, `${new Date().toISOString().replace(/[:.]/g, '-')}-${name}`);
  await fs.promises.rename(from, target);
  return target;
}

import { performance } from 'node:perf_hooks';
import { sleep } from './lanes';
import type { LabAccount } from './simulator-process';

/** One result write as the outbox sends it: the LabSample.ID it goes to and the body the service's mapper built. */
export interface ResultPost {
  stateSampleId: number;
  body: unknown;
}

/**
 * The floor for reporting: plain fetch posting the bodies, `lanes` at a time, with nothing a correct client could
 * leave out: a login (again after a 401), a retry of whatever failed, and no retry before a Retry-After. A write
 * answered 5xx or cut off is sent again at once with the same ExternalID, which the state system answers once.
 * Anything else refused is wrong data, and throws.
 */
export async function postRaw(
  baseUrl: string,
  lab: LabAccount,
  posts: ResultPost[],
  lanes: number,
): Promise<{ ms: number; attempts: number }> {
  const started = performance.now();
  const session = new Session(baseUrl, lab);
  const queue = posts.map((post) => ({ post, notBefore: 0 }));
  let attempts = 0;
  let failed = false;

  const lane = async () => {
    while (!failed) {
      const now = Date.now();
      const i = queue.findIndex((q) => q.notBefore <= now);
      if (i < 0) {
        if (queue.length === 0) return;
        await sleep(Math.min(...queue.map((q) => q.notBefore)) - now);
        continue;
      }
      const [item] = queue.splice(i, 1);
      attempts += 1;
      const retryAt = await postOnce(baseUrl, session, item.post).catch((error: unknown) => {
        failed = true;
        throw error;
      });
      if (retryAt !== null) queue.push({ post: item.post, notBefore: retryAt });
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
  return { ms: performance.now() - started, attempts };
}

/** Sends one write; null when it is done, else when to send it again. */
async function postOnce(baseUrl: string, session: Session, post: ResultPost): Promise<number | null> {
  let headers: Record<string, string>;
  try {
    headers = await session.headers();
  } catch (error) {
    if (error instanceof RetryLater) return error.at;
    throw error;
  }
  let res: Response;
  try {
    res = await fetch(`${baseUrl}/v1/lab/sample/${post.stateSampleId}/result`, {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'application/json' },
      body: JSON.stringify(post.body),
    });
  } catch {
    return Date.now();
  }
  const text = await res.text();
  if (res.status === 200) return null;
  if (res.status === 401) {
    session.forget(headers);
    return Date.now();
  }
  if (res.status === 429 || res.status >= 500) return Date.now() + retryAfterMs(res);
  throw new Error(`floor: POST /v1/lab/sample/${post.stateSampleId}/result answered ${res.status}: ${text.slice(0, 300)}`);
}

function retryAfterMs(res: Response): number {
  const seconds = Number(res.headers.get('retry-after') ?? 0);
  return Number.isFinite(seconds) ? seconds * 1000 : 0;
}

class RetryLater extends Error {
  constructor(readonly at: number) {
    super('try again later');
  }
}

/** The lab's session: one login shared by every lane, forgotten when a call with it is refused. */
class Session {
  private current: { promise: Promise<Record<string, string>>; settled?: Record<string, string> } | null = null;

  constructor(
    private readonly baseUrl: string,
    private readonly lab: LabAccount,
  ) {}

  headers(): Promise<Record<string, string>> {
    if (!this.current) {
      const entry: { promise: Promise<Record<string, string>>; settled?: Record<string, string> } = { promise: this.login() };
      this.current = entry;
      entry.promise.then(
        (headers) => (entry.settled = headers),
        () => {
          if (this.current === entry) this.current = null;
        },
      );
    }
    return this.current.promise;
  }

  forget(failed: Record<string, string>): void {
    if (this.current?.settled === failed) this.current = null;
  }

  private async login(): Promise<Record<string, string>> {
    const base = { 'X-Ubi': this.lab.ubi, 'X-License': this.lab.license };
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}/v1/lab/login`, {
        method: 'POST',
        headers: { ...base, 'Content-Type': 'application/json' },
        body: JSON.stringify({ Username: this.lab.username, Password: this.lab.password }),
      });
    } catch {
      throw new RetryLater(Date.now());
    }
    const text = await res.text();
    if (res.status === 429 || res.status >= 500) throw new RetryLater(Date.now() + retryAfterMs(res));
    if (res.status !== 200) throw new Error(`floor: login answered ${res.status}: ${text.slice(0, 200)}`);
    return { ...base, 'X-Session-Token': (JSON.parse(text) as { Session: string }).Session };
  }
}

import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { drawAfter, drawBand, drawLatency, pick5xxStatus } from '../kit/fault-plan';
import { describeIssues } from './request.schemas';
import { InvalidRequest, SIMULATOR_ERROR_CODES } from './simulator-error';
import { FaultConfigSchema, type FaultConfig } from './simulator-options.schemas';
import type { FaultKind } from './simulator.store';

/** Control and inspection endpoints live under this prefix; faults and the request log never touch them. */
export const CONTROL_PREFIX = '/_sim';

export function isControlPath(path: string): boolean {
  return path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`);
}

const faultMarks = new WeakMap<Response, FaultKind>();

export function markFault(res: Response, kind: FaultKind): void {
  faultMarks.set(res, kind);
}

export function faultOf(res: Response): FaultKind | null {
  return faultMarks.get(res) ?? null;
}

export interface SessionExpiry {
  /** Forgets the session if it is live and answers whether it was. */
  expireEarly(token: string): boolean;
}

/**
 * Injects the faults configured for a run. Before the handler, one random draw per request picks at most one of
 * drop / 429 / 5xx / early session expiry (each rate is a band of [0, 1); their sum is at most 1); a latency range
 * takes one more draw. After a successful write, one draw decides "applied, then answered 500".
 */
export class FaultInjector {
  private config: FaultConfig;

  constructor(
    initial: FaultConfig,
    private readonly random: () => number,
    private readonly sessions: SessionExpiry,
  ) {
    this.config = FaultConfigSchema.parse({});
    this.set(initial);
  }

  current(): FaultConfig {
    return structuredClone(this.config);
  }

  /** Replaces the whole fault configuration; a bad one throws InvalidRequest naming the field. */
  set(config: FaultConfig): FaultConfig {
    const parsed = FaultConfigSchema.safeParse(config);
    if (!parsed.success) throw new InvalidRequest(`faults: ${describeIssues(parsed.error, 'body', false)}`);
    this.config = parsed.data;
    return this.current();
  }

  middleware(): RequestHandler {
    return (req: Request, res: Response, next: NextFunction) => {
      if (isControlPath(req.path)) return next();
      const delay = this.latency();
      if (delay > 0) setTimeout(() => this.applyPreHandlerFault(req, res, next), delay);
      else this.applyPreHandlerFault(req, res, next);
    };
  }

  /** Called after a write succeeded (its effect is kept): whether to answer 500 instead. */
  failAfterApply(): boolean {
    return drawAfter({ appliedButErrorRate: this.config.appliedButErrorRate }, this.random) === 'applied-but-500';
  }

  private latency(): number {
    return drawLatency(this.config, this.random);
  }

  private applyPreHandlerFault(req: Request, res: Response, next: NextFunction): void {
    const fault = this.pickPreHandlerFault(req);
    if (!fault) return next();
    markFault(res, fault.kind);
    const retryAfter = String(this.config.retryAfterSeconds ?? 1);
    switch (fault.kind) {
      case 'drop':
        req.socket.destroy();
        return;
      case '429':
        res
          .status(429)
          .set('Retry-After', retryAfter)
          .json({ Error: `rate limited (simulated); retry after ${retryAfter} s`, ErrorCode: SIMULATOR_ERROR_CODES.rateLimited });
        return;
      case '5xx': {
        if (fault.status === 503) res.set('Retry-After', retryAfter);
        res.status(fault.status).json({ Error: `server error (simulated ${fault.status})`, ErrorCode: String(fault.status) });
        return;
      }
      case 'session-expired':
        res.status(401).json({
          Error: 'session expired (simulated early expiry); log in again',
          ErrorCode: SIMULATOR_ERROR_CODES.sessionExpired,
        });
        return;
    }
  }

  /** The shared kit's one draw over the exclusive faults, in BioTrack's order, with its own early session expiry. */
  private pickPreHandlerFault(
    req: Request,
  ): { kind: 'drop' | '429' | 'session-expired' } | { kind: '5xx'; status: number } | null {
    const picked = drawBand(
      [
        ['drop', this.config.dropRate ?? 0],
        ['429', this.config.rate429 ?? 0],
        ['5xx', this.config.error5xxRate ?? 0],
        ['session-expired', this.config.sessionExpireRate ?? 0],
      ] as const,
      this.random,
    );
    if (!picked) return null;
    if (picked.kind === '5xx')
      return {
        kind: '5xx',
        status: pick5xxStatus({ error5xxStatuses: this.config.error5xxStatuses ?? [500, 502, 503] }, picked.at),
      };
    if (picked.kind === 'session-expired') {
      const token = req.header('x-session-token');
      return token && this.sessions.expireEarly(token) ? { kind: 'session-expired' } : null;
    }
    return { kind: picked.kind };
  }
}

import { performance } from 'node:perf_hooks';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { faultOf, isControlPath } from './fault-injector';
import type { SimulatorSettings } from './simulator-settings';
import type { RequestLogEntry, SimulatorStore } from './simulator.store';

/** Records every contract request (not the control endpoints) with its status and any injected fault. */
export function requestLogMiddleware(
  store: SimulatorStore,
  settings: SimulatorSettings,
  logger?: (line: string) => void,
): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (isControlPath(req.path)) return next();
    const seq = store.nextRequestSeq();
    const at = settings.isoNow();
    const started = performance.now();
    let logged = false;
    const finish = (status: number | null) => {
      if (logged) return;
      logged = true;
      const entry: RequestLogEntry = {
        seq,
        at,
        method: req.method,
        path: req.originalUrl,
        status,
        fault: faultOf(res),
        durationMs: Math.round(performance.now() - started),
      };
      store.logRequest(entry);
      logger?.(`#${seq} ${entry.method} ${entry.path} -> ${status ?? 'dropped'}${entry.fault ? ` [fault: ${entry.fault}]` : ''}`);
    };
    res.on('finish', () => finish(res.statusCode));
    res.on('close', () => finish(res.writableFinished ? res.statusCode : null));
    next();
  };
}

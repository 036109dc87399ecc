import { Injectable, Logger, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Response } from 'express';
import { parseCookies } from './cookies';
import { SESSION_COOKIE, type WebRequest } from './web-request';
import { type WebSession, WebSessionStore } from '../auth/web-session.store';

/**
 * Page routes only: the session cookie → the session (from the database), whose person the global auth guard
 * then checks (still active, token not revoked, password not changed since). Also the headers every page carries.
 */
@Injectable()
export class WebSessionMiddleware implements NestMiddleware {
  private readonly logger = new Logger('WebSessions');

  constructor(private readonly sessions: WebSessionStore) {}

  async use(req: WebRequest, res: Response, next: NextFunction): Promise<void> {
    try {
      const session = await this.sessions.find(parseCookies(req.headers.cookie)[SESSION_COOKIE]);
      if (session) {
        req.webSession = session;
        req.signedInSession = session;
        this.saveBeforeSending(session, res);
      }
    } catch (e) {
      next(e);
      return;
    }
    res.setHeader(
      'Content-Security-Policy',
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'",
    );
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'same-origin');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Cache-Control', 'no-store');
    next();
  }

  /**
   * Messages and kept forms change during the request (a form's outcome, a page showing them); they are written
   * before the response leaves, so the page the browser is sent to next finds them, on whichever instance.
   */
  private saveBeforeSending(session: WebSession, res: Response): void {
    const before = snapshot(session);
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    res.end = ((...args: unknown[]) => {
      if (snapshot(session) === before) return end(...args);
      this.sessions
        .save(session)
        .catch((e: unknown) => this.logger.error(`could not save the session's messages: ${(e as Error).message}`))
        .finally(() => end(...args));
      return res;
    }) as Response['end'];
  }
}

const snapshot = (s: WebSession): string => JSON.stringify([s.flash, s.keptForm]);

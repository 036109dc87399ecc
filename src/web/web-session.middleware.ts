import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Response } from 'express';
import { parseCookies } from './cookies';
import { SESSION_COOKIE, type WebRequest } from './web-request';
import { WebSessionStore } from './web-session.store';

/**
 * Page routes only: the session cookie → the session, whose API token the global auth guard then checks like
 * a Bearer token (same roles, same revocation). Also the headers every page carries.
 */
@Injectable()
export class WebSessionMiddleware implements NestMiddleware {
  constructor(private readonly sessions: WebSessionStore) {}

  use(req: WebRequest, res: Response, next: NextFunction): void {
    const session = this.sessions.find(parseCookies(req.headers.cookie)[SESSION_COOKIE]);
    if (session) {
      req.webSession = session;
      req.sessionToken = session.token;
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
}

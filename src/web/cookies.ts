/** The few cookie operations the web session needs: read the request's cookies, write one with strict flags. */

export function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (!name || name in cookies) continue;
    const raw = part
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
    try {
      cookies[name] = decodeURIComponent(raw);
    } catch {
      // a malformed value is simply not a cookie we set
    }
  }
  return cookies;
}

export interface CookieOptions {
  /** Sent only over https (PUBLIC_URL is https). */
  secure: boolean;
  /** Seconds until the browser drops it; 0 deletes it now. */
  maxAgeSeconds: number;
  /**
   * Lax only for the single sign-on round trip's own cookie (scoped to its path): the issuer sends the browser
   * back with a cross-site navigation, on which a Strict cookie is not sent.
   */
  sameSite?: 'Strict' | 'Lax';
  path?: string;
}

/** Always httpOnly, SameSite=Strict and for the whole site unless told: no script and no other site sees these cookies. */
export function serializeCookie(name: string, value: string, options: CookieOptions): string {
  const parts = [
    `${name}=${encodeURIComponent(value)}`,
    `Path=${options.path ?? '/'}`,
    'HttpOnly',
    `SameSite=${options.sameSite ?? 'Strict'}`,
    `Max-Age=${Math.max(0, Math.floor(options.maxAgeSeconds))}`,
  ];
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}

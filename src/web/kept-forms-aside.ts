import type { KeptForm } from '../auth/web-session.rules';

interface Held {
  kept: KeptForm;
  chars: number;
  until: number;
}

/**
 * Kept forms too large for the single sign-on round trip's cookie, held in this process's memory under the round
 * trip's state until the issuer sends the browser back. Anyone can post one (no one is signed in yet), so the
 * total is bounded: past it the oldest are dropped, and their sign-in then says the form could not be carried.
 */
export class KeptFormsAside {
  /** In the order they were held, which is also the order they expire in. */
  private readonly held = new Map<string, Held>();
  private chars = 0;

  constructor(
    private readonly lifetimeMs: number,
    private readonly maxChars: number,
  ) {}

  hold(key: string, kept: KeptForm, now: number): void {
    this.forgetExpired(now);
    const chars = JSON.stringify(kept).length;
    if (chars > this.maxChars) return;
    this.take(key, now);
    while (this.chars + chars > this.maxChars) this.drop(this.held.keys().next().value as string);
    this.held.set(key, { kept, chars, until: now + this.lifetimeMs });
    this.chars += chars;
  }

  /** The form held under `key`, handed out once; null when it expired, was dropped, or another process holds it. */
  take(key: string, now: number): KeptForm | null {
    const held = this.held.get(key);
    if (!held) return null;
    this.drop(key);
    return held.until > now ? held.kept : null;
  }

  get size(): number {
    return this.held.size;
  }

  private forgetExpired(now: number): void {
    for (const [key, held] of this.held) {
      if (held.until > now) return;
      this.drop(key);
    }
  }

  private drop(key: string): void {
    const held = this.held.get(key);
    if (!held) return;
    this.held.delete(key);
    this.chars -= held.chars;
  }
}

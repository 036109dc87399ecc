/** How long a rendered certificate is kept for the attempts after the one that rendered it. */
export const CERTIFICATE_KEEP_MS = 10 * 60_000;

/**
 * The certificate PDF of each submission (one result set version) the outbox is sending, by submission id, rendered
 * once and reused by every step and retry of it, so a record sent again after a failure carries the same document as the first. At most
 * `capacity` sets (the rows the outbox can hold claimed), each for `keepMs`; a render that failed is not kept.
 * Memory only: after a restart the certificate is rendered again.
 */
export class CertificateCache {
  private readonly kept = new Map<string, { at: number; pdf: Promise<Buffer> }>();

  constructor(
    private readonly capacity: number,
    private readonly keepMs = CERTIFICATE_KEEP_MS,
    private readonly clock: () => number = Date.now,
  ) {}

  get(key: string, render: () => Promise<Buffer>): Promise<Buffer> {
    const now = this.clock();
    const hit = this.kept.get(key);
    if (hit && now - hit.at < this.keepMs) return hit.pdf;
    this.kept.delete(key);
    const pdf = render();
    this.kept.set(key, { at: now, pdf });
    pdf.catch(() => {
      if (this.kept.get(key)?.pdf === pdf) this.kept.delete(key);
    });
    // Oldest first: a Map iterates in insertion order.
    for (const [id, entry] of this.kept) {
      if (this.kept.size <= this.capacity && now - entry.at < this.keepMs) break;
      this.kept.delete(id);
    }
    return pdf;
  }

  /** The submission is done with it (accepted, held for a person, refused, or given up). */
  forget(key: string): void {
    this.kept.delete(key);
  }
}

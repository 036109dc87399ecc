import type { CertificateView } from './certificate.view';
import { formatLabTime } from './lab-time';

/**
 * "Approved by Maria Lopez, Laboratory Director — Reviewed and approved for release — 6 Dec 2026, 15:04 EST", with
 * the content fingerprint under it; a set released before e-signatures prints who approved it and when, and says no
 * signature was recorded.
 */
export function signatureLines(
  signatures: NonNullable<CertificateView['signatures']>,
  timeZone: string,
): Array<{ text: string; fingerprint: string | null }> {
  return signatures.map((s) => {
    const who = `${s.step} by ${s.name}${s.title ? `, ${s.title}` : ''}`;
    const when = formatLabTime(s.at, timeZone) ?? s.at;
    return s.meaning === null
      ? { text: `${who} — ${when} (released before e-signatures: no signature was recorded)`, fingerprint: null }
      : {
          text: `${who} — ${s.meaning} — ${when}`,
          fingerprint: s.fingerprint ? `Content fingerprint (sha256) ${s.fingerprint}` : null,
        };
  });
}

import { Conflict, InvalidInput } from '../common/errors';
import { SignatureRefused } from '../signatures/signature.errors';
import { setPageTimeZone } from './format';
import { signedFormMessage, toSignatureLines } from './review-signatures.view';
import { bulkReadiness } from './review.view';

describe('signatures on the review pages', () => {
  beforeAll(() => setPageTimeZone('America/New_York'));

  it('lists who signed with full name and title, the meaning, the lab time with UTC beside it, and a fingerprint prefix', () => {
    const [line] = toSignatureLines([
      {
        id: 's1',
        action: 'approve',
        meaning: 'Reviewed and approved for release',
        username: 'maria.lopez',
        fullName: 'Maria Lopez',
        title: 'Laboratory Director',
        signedAt: '2026-12-06T20:04:00.000Z',
        authenticatedBy: 'password',
        resultSetId: 'r1',
        resultSetVersion: 1,
        contentHash: '0123456789abcdef'.repeat(4),
        submissionId: null,
      },
    ]);
    expect(line).toMatchObject({
      who: 'Maria Lopez, Laboratory Director',
      meaning: 'Reviewed and approved for release',
      step: 'approved, version 1',
      fingerprintPrefix: '0123456789ab',
    });
    expect(line.at.text).toBe('2026-12-06 15:04 EST');
    expect(line.at.utc).toBe('2026-12-06 20:04 UTC');
  });

  it('says when single sign-on, not the password, proved who signed', () => {
    const [line] = toSignatureLines([
      {
        id: 's2',
        action: 'release',
        meaning: 'Released to the state system',
        username: 'mia.manager',
        fullName: 'Mia Manager',
        title: null,
        signedAt: '2026-12-06T20:04:00.000Z',
        authenticatedBy: 'sso',
        resultSetId: 'r1',
        resultSetVersion: 2,
        contentHash: 'fedcba9876543210'.repeat(4),
        submissionId: 'sub-1',
      },
    ]);
    expect(line.who).toBe('Mia Manager');
    expect(line.step).toBe('released in the state system, version 2, confirmed through single sign-on');
  });

  it('says a wrong password in plain words, and names what is missing from a signature', () => {
    expect(signedFormMessage(new SignatureRefused("the password is not max's; nothing was approved"), 'approve')).toBe(
      'That password is not yours: nothing was approved. Enter your own password to sign.',
    );
    expect(signedFormMessage(new InvalidInput('signature', 'password: required: your password, entered again'), 'reject')).toBe(
      'Signature: password: required: your password, entered again. Nothing was rejected.',
    );
    expect(signedFormMessage(new Conflict('result set is not in review'), 'approve')).toBe('result set is not in review');
    expect(signedFormMessage(new Error('boom'), 'approve')).toBeNull();
  });

  it('lets a set be ticked for bulk approval only when nothing blocks it for this manager, else says why not', () => {
    const set = { createdBy: 'tara', submittedBy: 'tara', contributors: [] };
    const item = (blocking: boolean, reason: string) =>
      ({ kind: 'unsure_value', reason, fix: 'confirm it', blocking, overridable: false }) as never;
    expect(bulkReadiness(set, 'maria', false, [item(false, 'listed only')])).toEqual({ ready: true, whyNot: null });
    expect(bulkReadiness(set, 'maria', false, [item(true, 'Lead is unsure'), item(true, 'Arsenic is unsure')])).toEqual({
      ready: false,
      whyNot: 'Not ready: Lead is unsure (and 1 more on its page)',
    });
    expect(bulkReadiness(set, 'tara', false, [])).toEqual({
      ready: false,
      whyNot: 'You imported or entered these results; another manager must approve them.',
    });
  });
});

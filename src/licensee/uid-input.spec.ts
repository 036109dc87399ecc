import { HeldUid, normalizeUidInput } from './uid-input';

describe('a UID a licensee pastes', () => {
  it.each([
    ['4815 0200 0000 9001', '4815020000009001'],
    ['4815-0200-0000-9001', '4815020000009001'],
    [' 4815020000009001\n', '4815020000009001'],
    ['1a4ff010-00002200-00000123', '1A4FF0100000220000000123'],
    ['1A4FF010 0000 2200 0000 0123', '1A4FF0100000220000000123'],
  ])('reads %j as %s', (pasted, uid) => {
    expect(normalizeUidInput(pasted)).toBe(uid);
    expect(HeldUid.parse(pasted)).toBe(uid);
  });

  it.each(['481502000000900', '48150200000090011', 'L-9001', '1A4FF0100000220000000123X', '', '4815 0200 0000 900A'])(
    'refuses %j with a message that says what a UID looks like',
    (pasted) => {
      const parsed = HeldUid.safeParse(pasted);
      expect(parsed.success).toBe(false);
      if (!parsed.success) expect(parsed.error.issues[0].message).toContain('16-digit UID or a 24-character Metrc tag');
    },
  );
});

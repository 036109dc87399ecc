import { hashPassword, verifyPassword } from './password';
import { passwordProblems } from './password-policy';

describe('password hashing', () => {
  it('verifies the password a hash was made from, and no other', async () => {
    const hash = await hashPassword('quiet harbor lantern 9');
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    await expect(verifyPassword('quiet harbor lantern 9', hash)).resolves.toBe(true);
    await expect(verifyPassword('quiet harbor lantern 8', hash)).resolves.toBe(false);
    await expect(verifyPassword('', hash)).resolves.toBe(false);
  });

  it('salts each hash, so the same password never hashes alike', async () => {
    expect(await hashPassword('same words twice 12')).not.toBe(await hashPassword('same words twice 12'));
  });

  it('refuses a missing or unreadable hash instead of throwing', async () => {
    await expect(verifyPassword('anything at all', null)).resolves.toBe(false);
    await expect(verifyPassword('anything at all', 'scrypt$x$8$1$aa$bb')).resolves.toBe(false);
    await expect(verifyPassword('anything at all', 'plain text')).resolves.toBe(false);
  });
});

describe('the password policy', () => {
  const owner = { username: 'maria.manager', fullName: 'Maria Lopez', email: 'mlopez@hudson-lab.example' };

  it('accepts a long phrase', () => {
    expect(passwordProblems('purple river stone 42', owner)).toEqual([]);
  });

  it.each([
    ['short1!', 'use at least 12 characters'],
    ['password123456', 'list of common or breached passwords'],
    ['Qwertyuiop12', 'list of common or breached passwords'],
    ['aaaaaaaaaaaaaaaa', 'one repeated character'],
    ['maria.manager-2026', 'do not use your name'],
    ['i am lopez forever', 'do not use your name'],
    ['mlopez is my name', 'do not use your name'],
  ])('refuses %j: %s', (password, problem) => {
    expect(passwordProblems(password, owner).join(' | ')).toContain(problem);
  });
});

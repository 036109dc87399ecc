import { watchAccountProblem } from './watch-account';

describe('the account the watched folder imports as', () => {
  it('may be an active technician', () => {
    expect(watchAccountProblem('tara.tech', { role: 'technician', active: true })).toBeNull();
  });

  it.each([
    ['an unknown name', null, 'WATCH_TECHNICIAN "tara.tech" names no user: create that technician'],
    ['a manager', { role: 'manager', active: true }, 'WATCH_TECHNICIAN "tara.tech" has role manager, not technician'],
    ['an admin', { role: 'admin', active: true }, 'WATCH_TECHNICIAN "tara.tech" has role admin, not technician'],
    ['a licensee', { role: 'licensee', active: true }, 'WATCH_TECHNICIAN "tara.tech" has role licensee, not technician'],
    ['a deactivated technician', { role: 'technician', active: false }, 'WATCH_TECHNICIAN "tara.tech" is deactivated'],
  ])('may not be %s', (_, account, message) => {
    const problem = watchAccountProblem('tara.tech', account);
    expect(problem).toContain(message);
    expect(problem).toContain('the watched folder is not processed until then');
  });
});

import { NEEDED_ACTIONS, isNeededAction, neededActionFor } from './needed-action';

describe('what a person must do about a refusal', () => {
  it.each([
    [400, 'amend'],
    [422, 'amend'],
    [404, 'register_sample'],
    [410, 'register_sample'],
    [403, 'contact_regulator'],
    [409, 'contact_regulator'],
    [undefined, 'contact_regulator'],
  ])('judges HTTP %s as %s', (status, action) => {
    expect(neededActionFor(status)).toBe(action);
  });

  it('offers Retry for every action but an amendment, which only a new version answers', () => {
    expect(Object.entries(NEEDED_ACTIONS).map(([a, t]) => [a, t.retryHelps])).toEqual([
      ['amend', false],
      ['register_sample', true],
      ['contact_regulator', true],
      ['fix_setup', true],
    ]);
    expect(NEEDED_ACTIONS.register_sample.whatToDo).toMatch(/^Register the sample in the state system/);
  });

  it('knows its own actions only', () => {
    expect(isNeededAction('amend')).toBe(true);
    expect(isNeededAction('gave_up')).toBe(false);
    expect(isNeededAction('constructor')).toBe(false);
  });
});

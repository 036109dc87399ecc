import type { KeptForm } from '../auth/web-session.rules';
import { KeptFormsAside } from './kept-forms-aside';

const form = (value: string): KeptForm => ({ action: '/clients', fields: [['name', value]] });
const charsOf = (kept: KeptForm) => JSON.stringify(kept).length;

describe('KeptFormsAside', () => {
  it('hands a held form out once, under its key', () => {
    const sut = new KeptFormsAside(600_000, 10_000);
    sut.hold('a', form('A'), 0);
    sut.hold('b', form('B'), 0);
    expect(sut.take('b', 1)).toEqual(form('B'));
    expect(sut.take('b', 1)).toBeNull();
    expect(sut.take('a', 1)).toEqual(form('A'));
    expect(sut.size).toBe(0);
  });

  it('forgets a form once its lifetime is over', () => {
    const sut = new KeptFormsAside(1000, 10_000);
    sut.hold('a', form('A'), 0);
    expect(sut.take('a', 1000)).toBeNull();
    sut.hold('b', form('B'), 0);
    sut.hold('c', form('C'), 2000);
    expect(sut.size).toBe(1);
    expect(sut.take('c', 2500)).toEqual(form('C'));
  });

  it('drops the oldest forms past its bound, and never holds one larger than the bound', () => {
    const one = charsOf(form('x'.repeat(100)));
    const sut = new KeptFormsAside(600_000, one * 2);
    sut.hold('a', form('a'.repeat(100)), 0);
    sut.hold('b', form('b'.repeat(100)), 1);
    sut.hold('c', form('c'.repeat(100)), 2);
    expect(sut.take('a', 3)).toBeNull();
    expect(sut.take('b', 3)).not.toBeNull();
    expect(sut.take('c', 3)).not.toBeNull();
    sut.hold('huge', form('h'.repeat(one * 2)), 3);
    expect(sut.take('huge', 4)).toBeNull();
  });
});

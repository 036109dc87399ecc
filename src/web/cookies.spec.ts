import { parseCookies, serializeCookie } from './cookies';

describe('cookies', () => {
  it.each([
    ['a=1; b=two', { a: '1', b: 'two' }],
    ['  lims_session=abc%2Fdef ;other=x', { lims_session: 'abc/def', other: 'x' }],
    ['a=1; a=2', { a: '1' }],
    ['noequals; =empty; ok="quoted"', { ok: 'quoted' }],
    ['bad=%E0%A4%A', {}],
    ['', {}],
  ])('reads %j as its name/value pairs, the first of a repeated name winning', (header, expected) => {
    expect(parseCookies(header)).toEqual(expected);
  });

  it('reads no cookies from a request without the header', () => {
    expect(parseCookies(undefined)).toEqual({});
  });

  it('writes every cookie httpOnly, SameSite=Strict, for the whole site', () => {
    expect(serializeCookie('lims_session', 'a b', { secure: false, maxAgeSeconds: 60 })).toBe(
      'lims_session=a%20b; Path=/; HttpOnly; SameSite=Strict; Max-Age=60',
    );
  });

  it('adds Secure when the service is reached over https, and deletes with Max-Age=0', () => {
    expect(serializeCookie('x', '', { secure: true, maxAgeSeconds: 0 })).toBe(
      'x=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0; Secure',
    );
  });
});

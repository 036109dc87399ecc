import { CertificateCache } from './certificate-cache';

describe('CertificateCache: one rendering per submission across steps and retries', () => {
  let now = 0;
  const clock = () => now;
  const renderer = () => {
    let calls = 0;
    return { render: () => Promise.resolve(Buffer.from(`pdf ${++calls}`)), calls: () => calls };
  };

  beforeEach(() => {
    now = 0;
  });

  it('renders a set once and hands the same bytes to every later ask', async () => {
    const cache = new CertificateCache(4, 1000, clock);
    const r = renderer();
    const first = await cache.get('a', r.render);
    now = 999;
    expect(await cache.get('a', r.render)).toBe(first);
    expect(r.calls()).toBe(1);
  });

  it('renders again once the set was kept for keepMs, or after forget', async () => {
    const cache = new CertificateCache(4, 1000, clock);
    const r = renderer();
    await cache.get('a', r.render);
    now = 1000;
    expect((await cache.get('a', r.render)).toString()).toBe('pdf 2');
    cache.forget('a');
    expect((await cache.get('a', r.render)).toString()).toBe('pdf 3');
  });

  it('keeps at most `capacity` sets, dropping the oldest', async () => {
    const cache = new CertificateCache(2, 1000, clock);
    const r = renderer();
    await cache.get('a', r.render);
    await cache.get('b', r.render);
    await cache.get('c', r.render);
    await cache.get('c', r.render);
    await cache.get('b', r.render);
    expect(r.calls()).toBe(3);
    await cache.get('a', r.render);
    expect(r.calls()).toBe(4);
  });

  it('does not keep a rendering that failed', async () => {
    const cache = new CertificateCache(2, 1000, clock);
    await expect(cache.get('a', () => Promise.reject(new Error('no')))).rejects.toThrow('no');
    await Promise.resolve();
    expect((await cache.get('a', () => Promise.resolve(Buffer.from('ok')))).toString()).toBe('ok');
  });
});

import { nulField } from './validation.pipe';

describe('nulField', () => {
  it.each([
    ['nothing in a clean body', { name: 'Hudson Farms', results: [{ analyte: 'thc', value: '1.0' }] }, null],
    ['the NUL byte in a top-level string', 'abc\0', ''],
    ['the NUL byte in a field', { name: 'Hudson\0' }, 'name'],
    [
      'the NUL byte in an item of an array of objects',
      { results: [{ analyte: 'thc' }, { analyte: 'cbd\0' }] },
      'results.1.analyte',
    ],
    ['the NUL byte in a key', { 'ex\0tra': 1 }, 'ex\\0tra'],
    ['the NUL byte in a nested key', { prep: { 'mass\0': '1' } }, 'prep.mass\\0'],
  ])('finds %s', (_, value, field) => {
    expect(nulField(value)).toBe(field);
  });

  it('walks a body nested 400,000 deep in linear time', () => {
    const deep = JSON.parse(`{"deep":${'['.repeat(400_000)}"x\\u0000"${']'.repeat(400_000)}}`) as unknown;
    const started = performance.now();
    expect(nulField(deep)).toBe(`deep${'.0'.repeat(400_000)}`);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

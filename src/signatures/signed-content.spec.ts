import { canonicalContent, canonicalize, contentHash, type SignedContent, type SignedResult } from './signed-content';

const lead: SignedResult = {
  panel: 'metals',
  analyte: 'lead',
  name: 'Pb',
  value: '0.12',
  qualifier: null,
  unit: 'ug/g',
  reportedValue: '0.12',
  reportedUnit: 'µg/g',
  loq: '0.05',
  limit: '0.5',
  limitText: null,
  status: 'pass',
  derived: false,
};
const cadmium: SignedResult = { ...lead, analyte: 'cadmium', name: 'Cd', value: null, qualifier: 'ND', limit: '0.2' };

const content = (over: Partial<SignedContent> = {}): SignedContent => ({
  resultSetId: '0193a8b0-0000-7000-8000-000000000001',
  version: 1,
  origin: 'import',
  verdict: 'pass',
  amendmentReason: null,
  sample: {
    labSampleId: '2502RLI0135-0489',
    uid: '4815020000009001',
    productType: 'flower',
    productName: 'Blue Dream',
    batch: 'B-7',
    clientLicense: 'OCM-PROC-24-000123',
  },
  partial: null,
  results: [lead, cadmium],
  ...over,
});

describe('canonicalize', () => {
  it.each([
    [{ b: 1, a: 2 }, '{"a":2,"b":1}'],
    [{ a: { d: [3, { z: 1, y: 2 }], c: null } }, '{"a":{"c":null,"d":[3,{"y":2,"z":1}]}}'],
    [{ B: 1, a: 1, _: 1 }, '{"B":1,"_":1,"a":1}'],
    [{ a: undefined, b: 'x' }, '{"b":"x"}'],
  ])('sorts keys at every depth and drops undefined: %j', (value, expected) => {
    expect(canonicalize(value)).toBe(expected);
  });

  it.each([
    [1, '1'],
    [1.5, '1.5'],
    [-0, '0'],
    [1e21, '1e+21'],
    [0.1 + 0.2, '0.30000000000000004'],
  ])('writes the number %p the same way every time', (n, expected) => {
    expect(canonicalize(n)).toBe(expected);
  });

  it.each([NaN, Infinity, -Infinity])('refuses %p rather than writing null', (n) => {
    expect(() => canonicalize({ n })).toThrow('cannot sign the number');
  });

  it('refuses what is not plain JSON', () => {
    expect(() => canonicalize({ at: new Date(0) })).toThrow('not plain JSON');
    expect(() => canonicalize([undefined])).toThrow('cannot sign a value of type undefined');
  });

  it('keeps text exactly, escapes included', () => {
    expect(canonicalize({ s: 'µg/g "Δ9-THC"\n' })).toBe('{"s":"µg/g \\"Δ9-THC\\"\\n"}');
  });
});

describe('contentHash', () => {
  it('is the same whatever order the database returned the results and keys in', () => {
    const reordered = content({ results: [cadmium, lead] });
    const shuffledKeys = content({
      results: [Object.fromEntries(Object.entries(lead).reverse()) as unknown as SignedResult, cadmium],
    });
    expect(contentHash(reordered)).toBe(contentHash(content()));
    expect(contentHash(shuffledKeys)).toBe(contentHash(content()));
  });

  it('is a sha256 in hex', () => {
    expect(contentHash(content())).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each<[string, Partial<SignedContent>]>([
    ['a value', { results: [{ ...lead, value: '0.13' }, cadmium] }],
    ['a value written with another precision', { results: [{ ...lead, value: '0.120' }, cadmium] }],
    ['a qualifier', { results: [lead, { ...cadmium, qualifier: '<LOQ' }] }],
    ['a unit', { results: [{ ...lead, unit: 'mg/kg' }, cadmium] }],
    ['an LOQ', { results: [{ ...lead, loq: '0.04' }, cadmium] }],
    ['a limit', { results: [{ ...lead, limit: '1.0' }, cadmium] }],
    ['a result verdict', { results: [{ ...lead, status: 'fail' }, cadmium] }],
    ['a result removed', { results: [lead] }],
    ['the version', { version: 2 }],
    ['the verdict', { verdict: 'fail' }],
    ['the amendment reason', { amendmentReason: 'transcription error' }],
    ['the sample', { sample: { ...content().sample, labSampleId: '2502RLI0135-0490' } }],
    ['a partial-release override', { partial: { reason: 'client ordered metals only', missingPanels: ['micro'] } }],
  ])('changes when %s changes', (_what, over) => {
    expect(contentHash(content(over))).not.toBe(contentHash(content()));
  });

  it('orders results by panel, then analyte, measured before derived', () => {
    const total: SignedResult = { ...lead, panel: 'cannabinoids', analyte: 'total_thc', derived: true };
    const thca: SignedResult = { ...lead, panel: 'cannabinoids', analyte: 'total_thc', derived: false };
    const text = canonicalContent(content({ results: [lead, total, cadmium, thca] }));
    const order = [...text.matchAll(/"analyte":"([a-z_]+)","derived":(true|false)/g)].map((m) => `${m[1]}:${m[2]}`);
    expect(order).toEqual(['total_thc:false', 'total_thc:true', 'cadmium:false', 'lead:false']);
  });

  it('ignores the order of the missing panels an override names', () => {
    const a = content({ partial: { reason: 'ordered part', missingPanels: ['micro', 'pesticides'] } });
    const b = content({ partial: { reason: 'ordered part', missingPanels: ['pesticides', 'micro'] } });
    expect(contentHash(a)).toBe(contentHash(b));
  });
});

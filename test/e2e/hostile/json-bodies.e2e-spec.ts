import { gzipSync } from 'node:zlib';
import request from 'supertest';
import { registerSamples } from '../../support/lab-setup';
import { ADMIN_TOKEN, bearer, startTestApp, type TestApp } from '../../support/test-app';

const CLIENT = 'OCM-PROC-24-000030';
/** A well-formed id that names no result set or submission: a body's shape is checked before anything is looked up. */
const NO_SET = '00000000-0000-4000-8000-000000000000';
const SAMPLE = { labSampleId: 'JSON-0001', clientLicense: CLIENT, productType: 'flower' };
const MANUAL = {
  uid: '1234567890123456',
  clientLicense: CLIENT,
  supplierLicense: 'OCM-CULT-24-000111',
  productType: 'flower',
  lab: { name: 'Example Analytical Lab', license: 'OCM-CPL-2099-00001' },
  certificate: { date: '2026-01-09' },
  results: [{ analyte: 'Lead', value: '0.1', unit: 'ug/g' }],
};

interface Case {
  name: string;
  method?: 'post' | 'patch';
  path: string | (() => string);
  /** The body exactly as sent: a JSON text, so keys like "__proto__" reach the server as own keys. */
  body: string | (() => string);
  token?: 'tech' | 'admin';
  status: number;
  message: string;
}

/** A JSON text with `extra` spliced into `base` at the top level. */
const withKeys = (base: object, extra: string) => JSON.stringify(base).replace(/}$/, `,${extra}}`);

describe('hostile JSON bodies are refused whole, naming the field, and change nothing', () => {
  let t: TestApp;
  let tech: string;
  let sampleId: string;
  let importId: string;
  let techId: string;
  beforeAll(async () => {
    t = await startTestApp();
    tech = await t.userToken('tara.tech', 'technician');
    const users = (await request(t.http).get('/api/users').set(bearer(ADMIN_TOKEN))).body as Array<{
      id: string;
      username: string;
    }>;
    techId = users.find((u) => u.username === 'tara.tech')!.id;
    sampleId = (await registerSamples(t.http, tech, [{ labSampleId: 'JSON-0000' }], CLIENT))['JSON-0000'];
    const csv = Buffer.from('Sample,Analyte,Result,Units\nNOT-REGISTERED,Lead,0.1,ug/g\n');
    const imported = await request(t.http)
      .post('/api/imports')
      .set(bearer(tech))
      .field('template', 'generic-long')
      .field('mapping', JSON.stringify({ sampleId: 'Sample', analyte: 'Analyte', value: 'Result', unit: 'Units' }))
      .attach('file', csv, 'later.csv')
      .expect(201);
    importId = imported.body.id;
  });
  afterAll(async () => t.close());

  const CASES: Case[] = [
    // prototype pollution
    {
      name: 'a top-level "__proto__" key',
      path: '/api/samples',
      body: withKeys(SAMPLE, '"__proto__":{"polluted":"yes","isAdmin":true}'),
      status: 400,
      message: '(body): unknown field(s) __proto__',
    },
    {
      name: 'a top-level "constructor.prototype"',
      path: '/api/samples',
      body: withKeys(SAMPLE, '"constructor":{"prototype":{"polluted":"yes"}}'),
      status: 400,
      message: '(body): unknown field(s) constructor',
    },
    {
      name: 'a "__proto__" key inside prep',
      path: '/api/samples',
      body: withKeys(SAMPLE, '"prep":{"__proto__":{"mass":"1"},"mass":"0.5"}'),
      status: 400,
      message: 'prep: unknown field(s) __proto__',
    },
    {
      name: 'a "__proto__" key inside a label claim',
      path: '/api/samples',
      body: withKeys(SAMPLE, '"labelClaim":[{"analyte":"thc","value":"1","unit":"%","__proto__":{"polluted":"yes"}}]'),
      status: 400,
      message: 'labelClaim.0: unknown field(s) __proto__',
    },
    {
      name: 'a "__proto__" key in a client',
      path: '/api/clients',
      body: '{"licenseNumber":"OCM-PROC-24-000999","name":"X","__proto__":{"integrated":false}}',
      status: 400,
      message: '(body): unknown field(s) __proto__',
    },
    {
      name: 'a "__proto__" key in a manual result',
      path: '/api/manual-results',
      body: JSON.stringify(MANUAL).replace('"unit":"ug/g"}', '"unit":"ug/g","__proto__":{"value":"0"}}'),
      status: 400,
      message: 'results.0: unknown field(s) __proto__',
    },
    {
      name: 'a "constructor" key in a new user',
      path: '/api/users',
      token: 'admin',
      body: '{"username":"mallory","fullName":"Mallory Mallet","role":"technician","constructor":{"prototype":{"role":"admin"}}}',
      status: 400,
      message: '(body): unknown field(s) constructor',
    },
    {
      name: 'a "__proto__" key in a change of user',
      method: 'patch',
      path: () => `/api/users/${techId}`,
      token: 'admin',
      body: '{"title":"Chemist","__proto__":{"role":"admin"}}',
      status: 400,
      message: '(body): unknown field(s) __proto__',
    },
    {
      name: 'a password smuggled into a change of user',
      method: 'patch',
      path: () => `/api/users/${techId}`,
      token: 'admin',
      body: '{"title":"Chemist","password":"lantern meadow quartz 58","passwordHash":"scrypt$1$1$1$x$y"}',
      status: 400,
      message: '(body): unknown field(s) password, passwordHash',
    },
    {
      name: 'an array for the role of a user',
      method: 'patch',
      path: () => `/api/users/${techId}`,
      token: 'admin',
      body: '{"role":["admin"]}',
      status: 400,
      message: 'role: Invalid option: expected one of "technician"|"manager"|"licensee"|"admin"',
    },
    {
      name: 'a number for a full name',
      method: 'patch',
      path: () => `/api/users/${techId}`,
      token: 'admin',
      body: '{"fullName":5}',
      status: 400,
      message: 'fullName: Invalid input: expected string, received number',
    },
    {
      name: 'an empty change of user',
      method: 'patch',
      path: () => `/api/users/${techId}`,
      token: 'admin',
      body: '{}',
      status: 400,
      message: '(body): name at least one of role, licenseNumber, fullName, title, email',
    },
    {
      name: 'a body on a password reset',
      path: () => `/api/users/${techId}/password-reset`,
      token: 'admin',
      body: '{"setPasswordLink":"https://evil.example/x"}',
      status: 400,
      message: '(body): unknown field(s) setPasswordLink',
    },
    // huge arrays and deep nesting
    {
      name: '51 label claims (50 allowed)',
      path: '/api/samples',
      body: JSON.stringify({
        ...SAMPLE,
        labelClaim: Array.from({ length: 51 }, () => ({ analyte: 'thc', value: '1', unit: '%' })),
      }),
      status: 400,
      message: 'labelClaim: Too big: expected array to have <=50 items',
    },
    {
      name: '501 manual results (500 allowed)',
      path: '/api/manual-results',
      body: JSON.stringify({ ...MANUAL, results: Array.from({ length: 501 }, () => MANUAL.results[0]) }),
      status: 400,
      message: 'results: Too big: expected array to have <=500 items',
    },
    {
      name: 'an array of 300,000 numbers where label claims go',
      path: '/api/samples',
      body: withKeys(SAMPLE, `"labelClaim":[${Array(300_000).fill('1').join(',')}]`),
      status: 400,
      message: 'labelClaim: Too big: expected array to have <=50 items',
    },
    {
      name: 'a body over the 2 MB JSON limit (a 1.2-million-element array)',
      path: '/api/samples',
      body: withKeys(SAMPLE, `"labelClaim":[${Array(1_200_000).fill('1').join(',')}]`),
      status: 413,
      message: 'request entity too large',
    },
    {
      name: 'an unknown field nested 400,000 arrays deep',
      path: '/api/samples',
      body: withKeys(SAMPLE, `"deep":${'['.repeat(400_000)}${']'.repeat(400_000)}`),
      status: 400,
      message: '(body): unknown field(s) deep',
    },
    // wrong types
    {
      name: 'a number for the product type',
      path: '/api/samples',
      body: JSON.stringify({ ...SAMPLE, productType: 5 }),
      status: 400,
      message:
        'productType: Invalid option: expected one of "flower"|"pre_roll"|"infused_pre_roll"|"concentrate"|"vape"|"edible"|"beverage"|"tincture"|"topical"|"capsule"|"other"',
    },
    {
      name: 'an array for the lab sample id',
      path: '/api/samples',
      body: JSON.stringify({ ...SAMPLE, labSampleId: ['JSON-0001'] }),
      status: 400,
      message: 'labSampleId: Invalid input: expected string, received array',
    },
    {
      name: 'a number for a preparation mass',
      path: '/api/samples',
      body: JSON.stringify({ ...SAMPLE, prep: { mass: 0.5 } }),
      status: 400,
      message: 'prep.mass: expected a decimal number as a string, e.g. "0.500"',
    },
    {
      name: 'the text "true" for a boolean',
      path: '/api/clients',
      body: '{"licenseNumber":"OCM-PROC-24-000998","name":"X","integrated":"true"}',
      status: 400,
      message: 'integrated: Invalid input: expected boolean, received string',
    },
    {
      name: 'an array instead of an object',
      path: '/api/samples',
      body: JSON.stringify([SAMPLE]),
      status: 400,
      message: '(body): Invalid input: expected object, received array',
    },
    {
      name: 'a bare null',
      path: '/api/samples',
      body: 'null',
      status: 400,
      message: 'Unexpected token \'n\', "null" is not valid JSON',
    },
    {
      name: 'a string for an unmatched-entry index',
      path: () => `/api/imports/${importId}/attach`,
      body: () => JSON.stringify({ index: '0', sampleId }),
      status: 400,
      message: 'index: Invalid input: expected number, received string',
    },
    {
      name: 'a number for a sample id',
      path: () => `/api/imports/${importId}/attach`,
      body: JSON.stringify({ index: 0, sampleId: 12345 }),
      status: 400,
      message: 'sampleId: Invalid input: expected string, received number',
    },
    // UIDs are strings
    {
      name: 'a UID sent as a JSON number',
      path: '/api/samples',
      body: withKeys(SAMPLE, '"uid":1234567890123456'),
      status: 400,
      message: 'uid: expected a string (UIDs and tags are strings, never numbers)',
    },
    {
      name: 'a UID beyond 2^53 sent as a number (it would lose its last digits)',
      path: '/api/samples',
      body: withKeys(SAMPLE, '"uid":9007199254740993123'),
      status: 400,
      message: 'uid: expected a string (UIDs and tags are strings, never numbers)',
    },
    {
      name: 'a source UID sent as a number',
      path: '/api/samples',
      body: withKeys(SAMPLE, '"sourceUid":1234567890123456'),
      status: 400,
      message: 'sourceUid: expected a string (UIDs and tags are strings, never numbers)',
    },
    {
      name: 'a UID attached later as a number',
      method: 'patch',
      path: () => `/api/samples/${sampleId}`,
      body: '{"uid":1234567890123456}',
      status: 400,
      message: 'uid: expected a string (UIDs and tags are strings, never numbers)',
    },
    {
      name: 'a manual entry whose new UID is a number',
      path: '/api/manual-results',
      body: JSON.stringify(MANUAL).replace('"uid":"1234567890123456"', '"uid":1234567890123456'),
      status: 400,
      message: 'uid: expected a 16-digit string (UIDs are strings, never numbers)',
    },
    // e-signatures: refused on their shape before any password is checked
    {
      name: 'a "__proto__" key inside an approval\'s signature',
      path: `/api/result-sets/${NO_SET}/approve`,
      body: '{"signature":{"password":"x","meaning":"Approved","__proto__":{"polluted":"yes","isAdmin":true}}}',
      token: 'admin',
      status: 400,
      message: 'body: signature: unknown field(s) __proto__',
    },
    {
      name: 'an approval signed with an array',
      path: `/api/result-sets/${NO_SET}/approve`,
      body: '{"signature":["password","Approved"]}',
      token: 'admin',
      status: 400,
      message: 'body: signature: expected {"password": "...", "meaning": "..."}',
    },
    {
      name: 'a signature password sent as a number',
      path: `/api/result-sets/${NO_SET}/reject`,
      body: '{"reason":"re-run the metals panel","signature":{"password":12345678,"meaning":"Rejected"}}',
      token: 'admin',
      status: 400,
      message: 'signature.password: expected text',
    },
    {
      name: 'a signature meaning of 10,000 characters',
      path: `/api/result-sets/${NO_SET}/amend`,
      body: JSON.stringify({
        reason: 'transcription error in metals',
        changes: [{ analyte: 'lead', value: '0.1' }],
        signature: { password: 'x', meaning: 'M'.repeat(10_000) },
      }),
      token: 'admin',
      status: 400,
      message: 'signature.meaning: Too big: expected string to have <=200 characters',
    },
    {
      name: 'a release signed with null',
      path: `/api/submissions/${NO_SET}/release`,
      body: '{"signature":null}',
      token: 'admin',
      status: 400,
      message: 'body: signature: expected {"password": "...", "meaning": "..."}',
    },
    {
      name: 'a bulk approval whose ids are an object with "__proto__"',
      path: '/api/result-sets/approve',
      body: '{"ids":{"__proto__":{"polluted":"yes"}},"signature":{"password":"x","meaning":"Approved"}}',
      token: 'admin',
      status: 400,
      message: 'ids: expected a list of result set ids',
    },
    {
      name: 'a bulk approval of ids that are not UUIDs',
      path: '/api/result-sets/approve',
      body: '{"ids":["1 OR 1=1","../../etc"],"signature":{"password":"x","meaning":"Approved"}}',
      token: 'admin',
      status: 400,
      message: 'ids.0: expected result set ids (UUIDs); ids.1: expected result set ids (UUIDs)',
    },
  ];

  it.each(CASES)('refuses $name with $status', async (c) => {
    const before = await state(t);
    const path = typeof c.path === 'string' ? c.path : c.path();
    const started = performance.now();
    const agent = request(t.http);
    const res = await agent[c.method ?? 'post'](path)
      .set(bearer(c.token === 'admin' ? ADMIN_TOKEN : tech))
      .set('Content-Type', 'application/json')
      .send(typeof c.body === 'string' ? c.body : c.body());

    expect({ status: res.status, message: res.body.message }).toEqual({ status: c.status, message: c.message });
    expect(performance.now() - started).toBeLessThan(5000);
    expect(await state(t)).toEqual(before);
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it.each([
    [
      'a JSON body in a charset JSON does not allow',
      { 'Content-Type': 'application/json; charset=iso-8859-1' },
      Buffer.from(JSON.stringify(SAMPLE)),
      415,
      'unsupported charset "ISO-8859-1"',
    ],
    [
      'a gzip-compressed JSON body that inflates past the 2 MB limit',
      { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' },
      gzipSync(Buffer.from(withKeys(SAMPLE, `"pad":"${' '.repeat(64 * 1024 * 1024)}"`))),
      413,
      'request entity too large',
    ],
    [
      'a body in an unknown content encoding',
      { 'Content-Type': 'application/json', 'Content-Encoding': 'br-x' },
      Buffer.from(JSON.stringify(SAMPLE)),
      415,
      'unsupported content encoding "br-x"',
    ],
  ])('refuses %s before reading it, with the status the parser gives', async (_name, headers, body, status, message) => {
    const before = await state(t);
    const started = performance.now();
    // Sent as the bytes given: superagent would serialise a Buffer as JSON, and its typings only admit a
    // serialiser that returns a string, though a Buffer is written as it is.
    const asIs = ((bytes: Buffer) => bytes) as unknown as (obj: unknown) => string;
    const res = await request(t.http).post('/api/samples').set(bearer(tech)).set(headers).serialize(asIs).send(body);

    expect(res.body).toEqual({
      statusCode: status,
      error: status === 413 ? 'Payload Too Large' : 'Unsupported Media Type',
      message,
    });
    expect(performance.now() - started).toBeLessThan(5000);
    expect(await state(t)).toEqual(before);
  });

  it('keeps a "__proto__" key in an upload\'s column mapping out of the mapping: refused as no column role', async () => {
    const before = await state(t);
    const res = await request(t.http)
      .post('/api/imports')
      .set(bearer(tech))
      .field('template', 'generic-long')
      .field('mapping', '{"__proto__":{"sampleId":"Sample"},"analyte":"Analyte","value":"Result"}')
      .attach('file', Buffer.from('Sample,Analyte,Result\nJSON-0000,Lead,0.1\n'), 'mapping.csv')
      .expect(400);

    expect(res.body.message).toBe(
      'mapping: "__proto__" is not a column role: expected a JSON object of strings, e.g. {"sampleId":"Sample ID"}',
    );
    expect(await state(t)).toEqual(before);
    expect(Object.prototype).not.toHaveProperty('sampleId');
  });

  /** Everything a refused body could have changed. */
  async function state(app: TestApp): Promise<Record<string, number>> {
    const count = async (from: string) =>
      Number(((await app.sql(`select count(*) as n from ${from}`)) as Array<{ n: number | string }>)[0].n);
    return {
      samples: await count('samples'),
      samplesWithUid: await count('samples where uid is not null'),
      clients: await count('clients'),
      users: await count('users'),
      usersChanged: await count("users where title is not null or role <> 'technician' or password_hash is null"),
      setPasswordLinks: await count('set_password_links'),
      resultSets: await count('result_sets'),
      imports: await count('imports'),
      auditEvents: await count('audit_events'),
    };
  }
});

import request from 'supertest';
import { startTestApp, type TestApp } from '../support/test-app';

describe('health, API docs and request ids', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('GET /health reports the database, the version and the state system without a token', async () => {
    const res = await request(t.http).get('/health').expect(200);
    expect(res.body).toEqual({
      status: 'ok',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      database: { type: process.env.DATABASE_URL ? 'postgresql' : 'sqlite', reachable: true },
      stateSystem: {
        kind: 'biotrack-ny',
        endpoint: 'simulator',
        note: 'built-in BioTrack NY simulator: nothing leaves this machine',
        reachable: true,
      },
      queue: { pending: 0, sending: 0, retry: 0, dead: 0 },
    });
  });

  it('serves the OpenAPI document at /docs with the API routes and bearer auth', async () => {
    await request(t.http).get('/docs').expect(200).expect('Content-Type', /html/);
    const json = await request(t.http).get('/docs-json').expect(200);
    expect(json.body.openapi).toMatch(/^3\./);
    expect(Object.keys(json.body.paths)).toEqual(
      expect.arrayContaining(['/api/users', '/api/audit', '/api/audit/verify', '/health']),
    );
    expect(json.body.components.securitySchemes).toHaveProperty('bearer');
    expect(json.body.components.schemas.CreateUserDto.properties).toHaveProperty('role');
  });

  it('gives each request an id, echoing a sane one from the caller', async () => {
    const generated = await request(t.http).get('/health');
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const echoed = await request(t.http).get('/health').set('X-Request-Id', 'lab-pc-7.42');
    expect(echoed.headers['x-request-id']).toBe('lab-pc-7.42');
    const replaced = await request(t.http).get('/health').set('X-Request-Id', 'bad id\twith spaces');
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers malformed JSON with a 400 in the error shape and no stack trace', async () => {
    const res = await request(t.http)
      .post('/api/users')
      .set('Authorization', 'Bearer test-bootstrap-admin-token-0123456789')
      .set('Content-Type', 'application/json')
      .send('{"username": ')
      .expect(400);
    expect(Object.keys(res.body).sort()).toEqual(['error', 'message', 'statusCode']);
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.js|node_modules/);
  });
});

import request, { type Response } from 'supertest';
import type { App } from 'supertest/types';
import { bearer } from './test-app';

/** Registers a client and samples through the API; returns the sample ids by lab sample id. */
export async function registerSamples(
  http: App,
  token: string,
  samples: Array<{ labSampleId: string; productType?: string; uid?: string; batch?: string; prep?: Record<string, string> }>,
  clientLicense = 'OCM-PROC-24-000030',
): Promise<Record<string, string>> {
  await request(http).post('/api/clients').set(bearer(token)).send({ licenseNumber: clientLicense, name: 'SJR Horticulture' });
  const ids: Record<string, string> = {};
  for (const s of samples) {
    const res = await request(http)
      .post('/api/samples')
      .set(bearer(token))
      .send({ clientLicense, productType: 'flower', ...s })
      .expect(201);
    ids[s.labSampleId] = res.body.id;
  }
  return ids;
}

export function upload(http: App, token: string, file: { name: string; bytes: Buffer }, fields: Record<string, string> = {}) {
  const req = request(http).post('/api/imports').set(bearer(token));
  for (const [k, v] of Object.entries(fields)) req.field(k, v);
  return req.attach('file', file.bytes, file.name);
}

/** A supertest parser that keeps a binary response body (XLSX, PDF) as a Buffer. */
export function binaryBody(res: Response, cb: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}

export interface ImportedSetResults {
  id: string;
  labSampleId: string;
  /** The set's measured results (totals the catalog computed are left out), as GET /api/result-sets/{id} gives them. */
  results: Array<
    Record<string, unknown> & { analyte: string; value: number | null; qualifier: string | null; reportedValue: string }
  >;
}

/** The results behind an import summary: each result set it lists, read back through the API. */
export async function importedResults(
  http: App,
  token: string,
  summary: { resultSets: Array<{ id: string; labSampleId: string }> },
): Promise<ImportedSetResults[]> {
  const sets: ImportedSetResults[] = [];
  for (const s of summary.resultSets) {
    const res = await request(http).get(`/api/result-sets/${s.id}`).set(bearer(token)).expect(200);
    sets.push({
      id: s.id,
      labSampleId: s.labSampleId,
      results: res.body.results.filter((r: { derived: boolean }) => !r.derived),
    });
  }
  return sets;
}

import type { ImportSummary } from '../ingest/import-summary';
import { toImportSummaryView } from './import-summary.view';

const summary = (resultSets: unknown[]): ImportSummary =>
  ({
    id: 'imp-1',
    status: 'imported',
    adapter: 'instrument',
    template: 'generic-long',
    templateVersion: '1',
    sourceFile: { sha256: 'a'.repeat(64), name: 'run.csv', size: 2048 },
    createdBy: 'tara.tech',
    createdAt: '2026-03-01T12:00:00.000Z',
    resultSets,
    unmatched: [],
    unmatchedPage: { offset: 0, limit: 50, total: 0, open: 0 },
    unknownAnalytes: [],
    qcRowsSkipped: 0,
    warnings: [],
  }) as ImportSummary;

const set = { id: 'rs-1', sampleId: 's-1', labSampleId: '2502RLI0135-0489', uid: null, version: 1, verdict: 'pass' };

describe('the import summary page', () => {
  it('shows how many results the file brought to each set and how many conflict', () => {
    const view = toImportSummaryView(
      summary([{ ...set, read: 12, added: 10, duplicates: 2, conflicts: ['lead', 'arsenic'] }]),
      [],
      undefined,
    );
    expect(view.resultSets).toEqual([
      {
        href: '/review/rs-1',
        labSampleId: '2502RLI0135-0489',
        uid: null,
        version: 1,
        results: 12,
        verdict: 'Pass',
        conflicts: 2,
      },
    ]);
  });

  it('still shows an import stored when summaries listed every result', () => {
    const results = [
      { analyte: 'lead', conflict: true },
      { analyte: 'arsenic', conflict: false },
      { analyte: 'cadmium', conflict: false },
    ];
    const view = toImportSummaryView(summary([{ ...set, results }]), [], undefined);
    expect(view.resultSets[0]).toMatchObject({ results: 3, conflicts: 1 });
  });
});

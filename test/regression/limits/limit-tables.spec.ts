import * as fs from 'fs';
import * as path from 'path';
import { parseLimitTable, selectLimitTable } from '../../../src/limits';

/** Every limit table shipped under templates/limits validates, the way the service loads them at startup. */
const ROOT = path.resolve(__dirname, '../../../templates/limits');

function tableFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? tableFiles(full) : e.name.endsWith('.json') ? [full] : [];
  });
}

describe('templates/limits', () => {
  const files = tableFiles(ROOT);

  it('holds the New York tables', () => {
    expect(files.map((f) => path.relative(ROOT, f)).sort()).toEqual(
      expect.arrayContaining(['ny/2025-03-01.json', 'ny/2026-02-09.json']),
    );
  });

  it.each(files.map((f) => [path.relative(ROOT, f), f]))('%s is a valid limit table', (_name, file) => {
    const table = parseLimitTable(JSON.parse(fs.readFileSync(file, 'utf8')), path.relative(path.resolve(ROOT, '../..'), file));
    expect(path.basename(path.dirname(file))).toBe(table.jurisdiction.toLowerCase());
  });

  it('gives each jurisdiction at most one table per effective date', () => {
    const tables = files.map((f) => parseLimitTable(JSON.parse(fs.readFileSync(f, 'utf8')), f));
    for (const t of tables)
      expect(selectLimitTable(tables, { jurisdiction: t.jurisdiction, testedOn: t.effectiveDate }).id).toBe(t.id);
  });
});

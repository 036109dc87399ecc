import * as fs from 'node:fs';
import * as path from 'node:path';

const SRC = path.resolve(__dirname, '..', '..', 'src');
const PURE_FOLDERS = ['catalog', 'limits'];
const FORBIDDEN = [
  /from '@nestjs\//,
  /from '@mikro-orm\//,
  /from 'node:fs'|from 'fs'/,
  /\bprocess\./,
  /\bDate\.now\(/,
  /new Date\(\)/,
];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') ? [p] : [];
  });
}

describe('pure domain folders stay free of Nest, the ORM, the file system, the process and the clock', () => {
  const files = PURE_FOLDERS.flatMap((f) => sourceFiles(path.join(SRC, f)));

  it('finds the pure folders', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(files.map((f) => [path.relative(SRC, f), f]))('%s imports nothing impure', (_, file) => {
    const text = fs.readFileSync(file, 'utf8');
    const hits = FORBIDDEN.filter((re) => re.test(text)).map(String);
    expect(hits).toEqual([]);
  });
});

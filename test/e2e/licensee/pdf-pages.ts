import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** `describe` when poppler-utils (pdftoppm, pdftotext) is installed; in CI its absence fails, elsewhere it skips loudly. */
export function describeWithPoppler(title: string): jest.Describe {
  const present = ['pdftoppm', 'pdftotext', 'pdfinfo'].every((tool) => {
    try {
      execFileSync(tool, ['-v'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  });
  if (present) return describe;
  if (process.env.CI === 'true') {
    return ((name: string) =>
      describe(name, () => {
        it('has poppler-utils to render the certificates', () => {
          throw new Error(
            'pdftoppm/pdftotext are missing: scripts/install-system-deps.sh installs Debian’s poppler-utils (.ci/run calls it)',
          );
        });
      })) as unknown as jest.Describe;
  }
  console.warn(`SKIPPED: ${title} — pdftoppm/pdftotext not found; run scripts/install-system-deps.sh to install poppler-utils`);
  return describe.skip;
}

export interface RenderedPdf {
  /** Each page's text as pdftotext lays it out (reading order, columns kept). */
  pages: string[];
  /** The PNG of each page, as a person sees it. */
  images: string[];
}

/** Writes the PDF beside its page images (`<name>-<page>.png`) in `dir` and reads back each page's text. */
export function renderPdf(pdf: Buffer, dir: string, name: string): RenderedPdf {
  const file = path.join(dir, `${name}.pdf`);
  fs.writeFileSync(file, pdf);
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  const count = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? 0);
  execFileSync('pdftoppm', ['-r', '80', '-png', file, path.join(dir, name)]);
  const images = fs
    .readdirSync(dir)
    .filter((f) => f.startsWith(`${name}-`) && f.endsWith('.png'))
    .sort()
    .map((f) => path.join(dir, f));
  const pages = Array.from({ length: count }, (_, i) =>
    execFileSync('pdftotext', ['-layout', '-f', String(i + 1), '-l', String(i + 1), file, '-'], { encoding: 'utf8' }),
  );
  return { pages, images };
}

/** Lines of text with runs of spaces collapsed, so "Batch      BD-1" reads "Batch BD-1". */
export function flat(text: string): string {
  return text
    .split('\n')
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('\n');
}

/** All of the text on one line: for sentences the page wraps. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

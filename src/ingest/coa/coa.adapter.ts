import { startsWithPdfHeader } from '../file-kind';
import { ImportRejected } from '../import-rejected.error';
import type { ParsedBatch } from '../parsed-batch';
import type { Detection, OpenedFile, ParseContext, SourceAdapter, SourceFileInput } from '../source-adapter';
import { buildCoaDocument, type CoaDocument, type LayoutHints } from './coa-document';
import { detectLayouts } from './coa-detect';
import { extractCertificate } from './coa-extractor';
import { readByShape } from './shape-reader';
import { identifyLab, type LabRegistry, type TestingLab } from '../../labs/lab-registry';
import type { CoaLayout } from './coa-layout.schema';
import { isSectionHeading } from './coa-sections';
import { matchTableHeader } from './coa-table';
import { LayoutWords } from './coa-words';
import { buildPageLines } from './page-lines';
import { readPdfText, type PdfLimits, type PdfPageText } from './pdf-text';
import type { TextLine } from './text-line';

export type CoaLimits = PdfLimits;

/**
 * Certificates of analysis (PDF) → `ParsedBatch`: one sample per certificate, raw rows as printed,
 * the certificate's metadata, panel statuses and printed totals. Layouts come from `templates/coa`.
 */
export class CoaSourceAdapter implements SourceAdapter {
  readonly kind = 'coa' as const;
  private readonly hints: LayoutHints;

  constructor(
    private readonly layouts: CoaLayout[],
    private readonly limits: CoaLimits,
    /** Permitted testing labs: each certificate's meta then names its lab and whether it holds a permit. */
    private readonly labs?: LabRegistry,
  ) {
    if (layouts.length === 0) throw new Error('CoaSourceAdapter needs at least one layout');
    this.hints = layoutHints(layouts);
  }

  /**
   * A PDF's text starts being read at once, in a reader thread; the handle keeps it for detection and parsing,
   * and a failure is theirs to report. A file neither named nor shaped like a PDF is read only if parsed.
   */
  open(file: SourceFileInput): OpenedFile {
    const pdf = looksLikePdf(file);
    let document: Promise<CoaDocument> | undefined;
    const read = () => (document ??= this.read(file));
    if (pdf) read().catch(() => undefined);
    return {
      detections: async () => (pdf ? this.detectIn(read) : []),
      parse: async (ctx) => {
        try {
          return await this.parseWith(file, ctx, read);
        } finally {
          // Parsing is the last use: the document goes now, not when the import is done.
          document = undefined;
        }
      },
      explain: () => this.explainWith(read),
      ofItsKind: startsWithPdfHeader(file.bytes),
    };
  }

  /** Templates this adapter can apply to the file, best first (a file opened for this alone). */
  detect(file: SourceFileInput): Promise<Detection[]> {
    return this.open(file).detections();
  }

  parse(file: SourceFileInput, ctx: ParseContext & { template: string }): Promise<ParsedBatch> {
    return this.open(file).parse(ctx);
  }

  /** Why no layout was detected: the file cannot be read as a PDF, or no layout's signature is in it. */
  explainRejection(file: SourceFileInput): Promise<ImportRejected> {
    return this.open(file).explain();
  }

  private async detectIn(read: () => Promise<CoaDocument>): Promise<Detection[]> {
    try {
      return detectLayouts(await read(), this.layouts);
    } catch (error) {
      // Claim the file anyway, so that parsing it reports why it cannot be read.
      if (error instanceof ImportRejected) return [{ template: this.fallbackLayout().id, score: 1 }];
      throw error;
    }
  }

  hasTemplate(template: string): boolean {
    return this.layouts.some((l) => l.id === template);
  }

  /** The permitted testing labs, for pickers (name and permit). */
  permittedLabs(): Array<{ name: string; permit: string }> {
    return (this.labs?.labs ?? []).map((l) => ({ name: l.name, permit: `OCM-CPL-${l.permit}` }));
  }

  /** The registry's reading of a lab as printed or typed: its name, permit and whether it holds one. */
  testingLab(printed: { name?: string; license?: string }): TestingLab | null {
    return this.labs ? identifyLab(this.labs, printed) : null;
  }

  listTemplates(): Array<{ id: string; title: string; auto: boolean }> {
    return this.layouts.map((l) => ({ id: l.id, title: l.title, auto: true }));
  }

  private async explainWith(read: () => Promise<CoaDocument>): Promise<ImportRejected> {
    try {
      await read();
    } catch (error) {
      if (error instanceof ImportRejected) return error;
      throw error;
    }
    return new ImportRejected('no CoA layout matches this certificate', {
      code: 'unknown_layout',
      expected: `a certificate in one of the layouts ${this.layouts.map((l) => l.id).join(', ')}`,
    });
  }

  private async parseWith(
    file: SourceFileInput,
    ctx: ParseContext & { template: string },
    read: () => Promise<CoaDocument>,
  ): Promise<ParsedBatch> {
    const layout = this.layouts.find((l) => l.id === ctx.template);
    if (!layout) {
      throw new ImportRejected(`unknown CoA layout "${ctx.template}"`, {
        code: 'unknown_template',
        expected: `one of ${this.layouts.map((l) => l.id).join(', ')}`,
      });
    }
    const document = await read();
    const { sample, warnings } = extractCertificate(document, layout, file.sha256);
    if (layout.generic) {
      // Tables whose headers the generic layout does not know are found by their shape; every such row is unsure.
      const read = new Set(
        sample.rows.map((r) => (r.provenance.kind === 'text' ? `${r.provenance.page}:${r.provenance.line}` : '')),
      );
      sample.rows.push(...readByShape(document, file.sha256, read));
    }
    if (this.labs && sample.meta) {
      const lab = identifyLab(this.labs, { name: sample.meta.lab, license: sample.meta.labLicense });
      if (lab.name) sample.meta.testingLab = lab.name;
      if (lab.permit) sample.meta.labPermit = lab.permit;
      sample.meta.labPermitted = lab.permitted ? `yes (${this.labs.jurisdiction})` : `no (${this.labs.jurisdiction})`;
    }
    if (sample.rows.length === 0) {
      throw new ImportRejected('no result table found on the certificate', {
        template: layout.id,
        expected: 'a table headed like Analyte … Result (… LOQ, Limit, Status)',
        code: 'no_results',
      });
    }
    return {
      adapter: this.kind,
      template: layout.id,
      templateVersion: layout.version,
      samples: [sample],
      qcRowsSkipped: 0,
      warnings,
    };
  }

  private read(file: SourceFileInput): Promise<CoaDocument> {
    const built = new Map<number, TextLine[]>();
    // Each page's lines are built as it arrives, while the readers are still on the others.
    const onPage = (page: PdfPageText) => built.set(page.page, buildPageLines(page));
    return readPdfText(file.bytes, this.limits, onPage).then((text) => buildCoaDocument(text, this.hints, built));
  }

  private fallbackLayout(): CoaLayout {
    return this.layouts.find((l) => l.generic) ?? this.layouts[this.layouts.length - 1];
  }
}

function looksLikePdf(file: SourceFileInput): boolean {
  return (
    file.bytes.subarray(0, 1024).includes('%PDF-', 0, 'latin1') ||
    file.mimeType === 'application/pdf' ||
    /\.pdf$/i.test(file.name)
  );
}

/** What line rebuilding needs from all layouts before one is chosen. */
function layoutHints(layouts: CoaLayout[]): LayoutHints {
  const words = layouts.map((l) => [l, new LayoutWords(l)] as const);
  const firstColumnHeaders = new Set(
    layouts.flatMap((l) =>
      l.table.columns
        .filter((c) => c.roles[0] === 'analyte')
        .flatMap((c) => c.headers.map((h) => h.toLowerCase().replace(/[^\p{L}]+/gu, ''))),
    ),
  );
  const letters = (text: string) => text.toLowerCase().replace(/[^\p{L}]+/gu, '');
  const headings = {
    sections: new Set(layouts.flatMap((l) => l.sections.map(letters))),
    statuses: new Set(layouts.flatMap((l) => l.statusWords.map(letters))),
    bare: new Set(layouts.filter((l) => l.splitAtHeadings).flatMap((l) => l.sections.map(letters))),
  };
  return {
    firstColumnHeaders,
    headings,
    isContent: (line) => words.some(([l, w]) => matchTableHeader(line, l) !== undefined || isSectionHeading(line, l, w)),
  };
}

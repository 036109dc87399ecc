import type { Detection } from '../source-adapter';
import type { CoaDocument } from './coa-document';
import type { CoaLayout } from './coa-layout.schema';
import { fold } from './coa-words';

/** Layouts whose signatures appear in the certificate's text, best first. */
export function detectLayouts(doc: CoaDocument, layouts: CoaLayout[]): Detection[] {
  const text = fold(doc.pages.flatMap((lines) => lines.map((l) => l.text)).join('\n'));
  return layouts
    .filter(
      (layout) =>
        layout.detect.all.every((phrase) => text.includes(fold(phrase))) &&
        (layout.detect.any.length === 0 || layout.detect.any.some((phrase) => text.includes(fold(phrase)))),
    )
    .map((layout) => ({ template: layout.id, score: layout.detect.score }))
    .sort((a, b) => b.score - a.score);
}

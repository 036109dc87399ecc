import * as path from 'node:path';
import PDFDocument from 'pdfkit';
import * as QRCode from 'qrcode';
import type { CertificateView } from './certificate.view';

/** LiberationSans ships with pdf.js (already a dependency); unlike the built-in Helvetica it has Δ, µ and β. */
const FONT_DIR = path.join(path.dirname(require.resolve('pdfjs-dist/package.json')), 'standard_fonts');
const REGULAR = path.join(FONT_DIR, 'LiberationSans-Regular.ttf');
const BOLD = path.join(FONT_DIR, 'LiberationSans-Bold.ttf');

const COLUMNS = [
  { title: 'Analyte', width: 170 },
  { title: 'Result', width: 80 },
  { title: 'Unit', width: 50 },
  { title: 'LOQ', width: 60 },
  { title: 'Limit', width: 70 },
  { title: 'Status', width: 82 },
];

/** A one-file summary certificate of an approved result set, with a QR code to its verification URL. */
export async function toPdf(view: CertificateView, now: Date): Promise<Buffer> {
  const qr = await QRCode.toBuffer(view.verificationUrl, { margin: 1, width: 220 });
  const doc = new PDFDocument({ size: 'LETTER', margin: 50, info: { Title: `Results ${view.sample.uid ?? view.sample.labSampleId}`, Producer: 'LIMS Connector' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('regular', REGULAR);
  doc.registerFont('bold', BOLD);

  doc.font('bold').fontSize(16).text('Certificate of Analysis (summary)');
  doc.font('regular').fontSize(10).text(`${view.lab.name} · license ${view.lab.license}`);
  doc.image(qr, 470, 40, { width: 90 });
  doc.moveDown();

  const facts: Array<[string, string]> = [
    ['State UID', view.sample.uid ?? '—'],
    ['Source lot UID', view.sample.sourceUid ?? '—'],
    ['Lab sample ID', view.sample.labSampleId],
    ['Product', `${view.sample.productName ?? '—'} (${view.sample.productType.replace(/_/g, ' ')}, ${view.sample.route})`],
    ['Batch', view.sample.batch ?? '—'],
    ['Client', `${view.sample.client.name} · ${view.sample.client.licenseNumber}`],
    ['Result set', `version ${view.resultSet.version} · ${view.resultSet.status}`],
    ['Released', view.resultSet.approvedAt ? `${view.resultSet.approvedAt} by ${view.resultSet.approvedBy ?? '—'}` : 'not released'],
    ['Overall verdict', (view.resultSet.verdict ?? 'not evaluated').toUpperCase()],
  ];
  if (view.offlineSource) facts.push(['Entered from', `offline source: ${describeOffline(view.offlineSource)}`]);
  if (view.source === 'state-system') facts.push(['Data', 'as held by the state system (not tested by this lab)']);
  for (const [k, v] of facts) {
    doc.font('bold').text(`${k}: `, { continued: true }).font('regular').text(v);
  }
  doc.moveDown(0.5);
  doc.font('bold').text('Panels: ', { continued: true });
  doc.font('regular').text(Object.entries(view.resultSet.panels).map(([p, s]) => `${p.replace(/_/g, ' ')} ${s}`).join(' · ') || '—');

  for (const panel of [...new Set(view.results.map((r) => r.panel))]) {
    doc.moveDown();
    ensureRoom(doc, 60);
    doc.font('bold').fontSize(12).text(panel.replace(/_/g, ' ').replace(/^\w/, (c) => c.toUpperCase()));
    doc.fontSize(9);
    row(doc, COLUMNS.map((c) => c.title), true);
    for (const r of view.results.filter((x) => x.panel === panel)) {
      ensureRoom(doc, 14);
      doc.fillColor(r.status === 'fail' ? '#b00020' : 'black');
      row(doc, [r.derived ? `${r.name} (computed)` : r.name, r.value ?? r.qualifier ?? r.reportedValue, displayUnit(r.unit), r.loq ?? '', r.limit ?? '', r.status.replace(/_/g, ' ')], false);
      doc.fillColor('black');
    }
  }

  if (view.amendments.length > 1) {
    doc.moveDown();
    ensureRoom(doc, 40);
    doc.font('bold').fontSize(12).text('Amendment history');
    doc.font('regular').fontSize(9);
    for (const a of view.amendments) {
      doc.text(`version ${a.version} · ${a.status}${a.approvedAt ? ` · released ${a.approvedAt}` : ''}${a.reason ? ` · reason: ${a.reason}` : ''}`);
    }
  }
  doc.moveDown();
  doc.font('regular').fontSize(8).text(`Verify at ${view.verificationUrl} · generated ${now.toISOString()}`);
  doc.end();
  return done;
}

function row(doc: PDFKit.PDFDocument, cells: string[], header: boolean): void {
  const y = doc.y;
  let x = doc.page.margins.left;
  doc.font(header ? 'bold' : 'regular');
  cells.forEach((cell, i) => {
    doc.text(cell, x, y, { width: COLUMNS[i].width - 4, lineBreak: false, ellipsis: true });
    x += COLUMNS[i].width;
  });
  doc.x = doc.page.margins.left;
  doc.y = y + 13;
}

/** Canonical units are ASCII ("ug/g"); people read "µg/g". */
function displayUnit(unit: string): string {
  return unit.replace(/^ug\//, 'µg/');
}

function ensureRoom(doc: PDFKit.PDFDocument, needed: number): void {
  if (doc.y + needed > doc.page.height - doc.page.margins.bottom) doc.addPage();
}

function describeOffline(o: Record<string, unknown>): string {
  const lab = o.lab as { name?: string; license?: string } | undefined;
  return [o.supplierLicense ? `supplier ${String(o.supplierLicense)}` : '', lab?.name ? `tested by ${lab.name} (${lab.license ?? ''})` : '', o.certificateNumber ? `certificate ${String(o.certificateNumber)}` : '']
    .filter(Boolean)
    .join(', ');
}

import * as path from 'node:path';
import PDFDocument from 'pdfkit';
import * as QRCode from 'qrcode';
import { fillText, type CertificateLayout } from './certificate-layout';
import { analyteName, displayUnit, panelName, panelStatusWords, resultStatusWords, verdictWords } from './certificate-words';
import type { CertificateView } from './certificate.view';
import { formatLabTime } from './lab-time';
import { signatureLines } from './signature-lines';

/** LiberationSans ships with pdf.js (already a dependency); unlike the built-in Helvetica it has Δ, µ and β. */
const FONT_DIR = path.join(path.dirname(require.resolve('pdfjs-dist/package.json')), 'standard_fonts');
const REGULAR = path.join(FONT_DIR, 'LiberationSans-Regular.ttf');
const BOLD = path.join(FONT_DIR, 'LiberationSans-Bold.ttf');

export interface PdfOptions {
  layout: CertificateLayout;
  /** The lab's time zone: every date on the certificate is printed in it. */
  timeZone: string;
  /** PNG or JPEG bytes printed in the header of every page. */
  logo?: Buffer | null;
  /** The other lab's own certificate, attached to the file when the results are a record of its testing. */
  original?: { name: string; bytes: Buffer } | null;
  /** PUBLIC_URL names this machine: the QR code opens nothing for anyone else, and the certificate says so. */
  publicUrlIsLocal?: boolean;
}

type Doc = PDFKit.PDFDocument;

/** Qualifiers in the words certificates print; the rest (ND, <LOQ, >ULOQ, TIC, NR) are the usual abbreviations. */
const QUALIFIER_WORDS: Record<string, string> = { ABSENT: 'Absent', PRESENT: 'Present' };
const QUALIFIER_LEGEND: Record<string, string> = {
  ND: 'ND: not detected',
  '<LOQ': '<LOQ: detected below the limit of quantitation',
  '>ULOQ': '>ULOQ: above the upper limit of quantitation',
  NR: 'NR: not reported',
  NT: 'NT: not tested',
  TIC: 'TIC: tentatively identified, not quantified',
};

/** The certificate of an approved result set: one template, its layout read from templates/certificate. */
export async function toPdf(view: CertificateView, now: Date, options: PdfOptions): Promise<Buffer> {
  const { layout } = options;
  const qr = await QRCode.toBuffer(view.verificationUrl, { margin: 1, width: 240 });
  const number = view.certificateNumber ?? `${view.sample.labSampleId}-V${view.resultSet.version}`;
  const other = view.reportedBy ?? null;
  const fromState = view.source === 'state-system';
  const title = other
    ? fillText(layout.titles.otherLab, { lab: other.name, license: other.license ?? 'permit not given' })
    : fromState
      ? layout.titles.stateSystem
      : layout.titles.thisLab;
  const m = layout.page.margin;
  const doc = new PDFDocument({
    size: layout.page.size,
    margins: { top: m + layout.page.headerHeight, bottom: m + layout.page.footerHeight, left: m, right: m },
    bufferPages: true,
    info: {
      Title: `${title} · ${view.sample.uid ?? view.sample.labSampleId}`,
      Author: view.lab.name,
      Subject: `Certificate ${number}`,
      Producer: 'LIMS Connector',
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('regular', REGULAR);
  doc.registerFont('bold', BOLD);
  doc.fillColor(layout.colors.text);
  const w = new Writer(doc, layout);
  if (options.original && other) {
    doc.file(options.original.bytes, {
      name: options.original.name,
      type: 'application/pdf',
      description: `The original certificate by ${other.name}`,
    });
  }

  // First page: title, what kind of document this is, and the QR code.
  const qrSize = layout.qr.size;
  const qrX = doc.page.width - m - qrSize;
  const qrY = doc.y;
  doc.image(qr, qrX, qrY, { width: qrSize });
  doc
    .font('regular')
    .fontSize(layout.fonts.small)
    .fillColor(layout.colors.muted)
    .text(layout.qr.caption, qrX - 10, qrY + qrSize + 2, { width: qrSize + 20, align: 'center' });
  doc.fillColor(layout.colors.text);
  doc.x = m;
  doc.y = qrY;
  const textWidth = w.width - qrSize - 14;
  doc.font('bold').fontSize(layout.fonts.title).text(title, m, qrY, { width: textWidth });
  doc
    .font('regular')
    .fontSize(layout.fonts.body)
    .text(`Certificate ${number} · ${other || fromState ? 'recorded' : 'issued'} by ${view.lab.name}`, { width: textWidth });
  if (view.resultSet.version > 1)
    doc.text(fillText(layout.titles.amended, { version: String(view.resultSet.version) }), { width: textWidth });
  if (options.publicUrlIsLocal) {
    doc
      .fillColor(layout.colors.fail)
      .text(
        `Warning: the QR code and verification link point at ${view.verificationUrl}, an address on the lab's own machine; they will not work for anyone else until PUBLIC_URL is set to the public address.`,
        { width: textWidth },
      );
    doc.fillColor(layout.colors.text);
  }
  doc.y = Math.max(doc.y, qrY + qrSize + 14);
  if (view.partialRelease) {
    const missing = view.partialRelease.missingPanels.length
      ? ` Not reported: ${view.partialRelease.missingPanels.map(panelName).join(', ')}.`
      : '';
    const reason = /[.!?]$/.test(view.partialRelease.reason) ? view.partialRelease.reason : `${view.partialRelease.reason}.`;
    w.band(`${fillText(layout.partialNotice, { reason })}${missing}`, layout.colors.fail);
  }
  if (other) {
    w.band(
      fillText(layout.otherLabNotice, {
        lab: other.name,
        license: other.license ?? 'not given',
        certificate:
          [
            other.certificateNumber ? `no. ${other.certificateNumber}` : '',
            other.certificateDate ? `of ${formatLabTime(other.certificateDate, options.timeZone)}` : '',
          ]
            .filter(Boolean)
            .join(' ') || '(number not given)',
        thisLab: view.lab.name,
      }),
      layout.colors.text,
    );
  }

  if (fromState) w.band(fillText(layout.stateSystemNotice, { thisLab: view.lab.name }), layout.colors.text);

  for (const section of layout.sections) {
    switch (section) {
      case 'lab':
        labSection(w, view, options.timeZone);
        break;
      case 'client':
        w.heading('Client');
        w.facts([
          ['Name', view.sample.client.name !== view.sample.client.licenseNumber ? view.sample.client.name : 'not on file'],
          ['License', view.sample.client.licenseNumber],
          ['Address', view.sample.client.address ?? null],
        ]);
        break;
      case 'sample':
        w.heading('Sample');
        w.facts([
          ['Lab sample ID', view.sample.labSampleId],
          ['State UID', view.sample.uid ?? 'none'],
          ['Source lot', view.sample.sourceUid],
          ['Batch', view.sample.batch],
          ['Product', view.sample.productName],
          ['Product type', `${view.sample.productType.replace(/_/g, ' ')} (${view.sample.route})`],
          ['Matrix', view.sample.matrix ?? null],
        ]);
        break;
      case 'dates': {
        const d = view.dates ?? {
          collected: null,
          received: null,
          tested: view.resultSet.approvedAt,
          released: view.resultSet.approvedAt,
        };
        w.heading(`Dates (${options.timeZone.replace(/_/g, ' ')} time)`);
        w.facts([
          ['Collected', formatLabTime(d.collected, options.timeZone) ?? 'not recorded'],
          ['Received', formatLabTime(d.received, options.timeZone) ?? 'not recorded'],
          ['Tested', formatLabTime(d.tested, options.timeZone) ?? 'not recorded'],
          ['Released', formatLabTime(d.released, options.timeZone) ?? 'not released'],
        ]);
        break;
      }
      case 'summary':
        summarySection(w, view);
        break;
      case 'notes':
        notesSection(w, view);
        break;
      case 'panels':
        for (const panel of [...new Set(view.results.map((r) => r.panel))]) panelSection(w, view, panel);
        break;
      case 'signatures':
        if (fromState) break;
        w.heading(other ? 'Entered and released by (signatures)' : 'Signatures');
        if (!view.signatures?.length) w.paragraph('Not released.');
        for (const line of signatureLines(view.signatures ?? [], options.timeZone)) {
          w.paragraph(line.text);
          if (line.fingerprint) w.small(line.fingerprint);
        }
        break;
      case 'statement':
        if (fromState) break;
        w.heading(other ? 'About these results' : 'Statement of conformity');
        w.paragraph(other ? layout.otherLabStatement : layout.statement);
        break;
      case 'history':
        if (view.amendments.length > 1) {
          w.heading('Versions');
          for (const a of view.amendments) {
            const released = formatLabTime(a.approvedAt, options.timeZone);
            w.paragraph(
              `Version ${a.version}: ${a.status === 'superseded' ? 'superseded' : 'current'}${released ? `, released ${released}` : ''}${a.reason ? `; reason for the amendment: ${a.reason}` : ''}`,
            );
          }
        }
        break;
    }
  }
  doc.moveDown();
  w.small(`Verify this certificate at ${view.verificationUrl} · generated ${formatLabTime(now.toISOString(), options.timeZone)}`);

  decoratePages(doc, layout, view, number, title, options.logo ?? null);
  doc.end();
  return done;
}

function labSection(w: Writer, view: CertificateView, timeZone: string): void {
  const lab = view.lab;
  const other = view.reportedBy ?? null;
  if (other) {
    w.heading('Tested by (the reporting lab)');
    w.facts([
      ['Laboratory', other.name],
      ['Permit', other.license ?? 'not given'],
      ['Certificate', other.certificateNumber],
      ['Certificate date', formatLabTime(other.certificateDate, timeZone)],
    ]);
    w.facts([['Original', other.originalUrl ?? 'not held by this service']], 1);
  }
  w.heading(other || view.source === 'state-system' ? 'Record kept by' : 'Laboratory');
  const accreditation = [lab.accreditation?.body, lab.accreditation?.number].filter(Boolean).join(', certificate ');
  w.facts([
    ['Name', lab.name],
    ['OCM permit', lab.license],
    ['Address', lab.address ?? null],
    ['Phone', lab.phone ?? null],
    ['Email', lab.email ?? null],
    ['ISO/IEC 17025', accreditation || null],
  ]);
}

function summarySection(w: Writer, view: CertificateView): void {
  const { layout } = w;
  w.heading('Summary');
  const totals = layout.summaryAnalytes.map((key): [string, string] => {
    const r = view.results.find((x) => x.analyte === key && x.derived) ?? view.results.find((x) => x.analyte === key);
    return [
      analyteName(key, r?.name ?? key.replace(/_/g, ' ')),
      r ? `${resultText(r)} ${r.value !== null ? displayUnit(r.unit) : ''}`.trim() : 'not reported',
    ];
  });
  w.facts(totals);
  const panels = Object.entries(view.resultSet.panels);
  w.facts(
    [
      ['Overall', verdictWords(view.resultSet.verdict)],
      [
        'Panels',
        panels.length ? panels.map(([p, s]) => `${panelName(p)}: ${panelStatusWords(s)}`).join(' · ') : 'none evaluated',
      ],
    ],
    1,
  );
}

function notesSection(w: Writer, view: CertificateView): void {
  const used = [...new Set(view.results.map((r) => r.qualifier).filter((q): q is string => !!q && !!QUALIFIER_LEGEND[q]))];
  const notes = used.map((q) => QUALIFIER_LEGEND[q]);
  if (view.results.some((r) => r.derived))
    notes.push('* computed here from the results listed (Total THC = Δ9-THC + 0.877 × THCA, with Δ8- and Δ10-THC where tested)');
  if (notes.length) w.small(notes.join(' · '));
}

function panelSection(w: Writer, view: CertificateView, panel: string): void {
  const { doc, layout } = w;
  const status = view.resultSet.panels[panel];
  const heading = `${panelName(panel)}${status ? ` · ${panelStatusWords(status)}` : ''}`;
  w.ensureRoom(60);
  w.heading(heading);
  const methods = view.methods?.[panel]?.length ? view.methods[panel] : layout.methods[panel] ? [layout.methods[panel]] : [];
  if (methods.length) w.small(`${methods.length > 1 ? 'Methods' : 'Method'}: ${methods.join('; ')}`);
  w.tableHeader();
  for (const r of view.results.filter((x) => x.panel === panel)) {
    const cells = layout.columns.map((c) => {
      switch (c.field) {
        case 'analyte':
          return `${analyteName(r.analyte, r.name)}${r.derived ? ' *' : ''}`;
        case 'result':
          return resultText(r);
        case 'unit':
          return displayUnit(r.unit);
        case 'loq':
          return r.loq ?? '';
        case 'limit':
          return r.limitApplied ?? r.limit ?? r.limitText ?? '—';
        case 'status':
          return resultStatusWords(r.status);
      }
    });
    if (w.row(cells, r.status === 'fail' ? layout.colors.fail : layout.colors.text)) {
      // A continuation page: say which panel the table belongs to.
      doc.font('bold').fontSize(layout.fonts.heading).fillColor(layout.colors.text);
    }
  }
  doc.moveDown(0.6);
}

function resultText(r: CertificateView['results'][number]): string {
  if (r.value !== null) return r.value;
  if (r.qualifier) return QUALIFIER_WORDS[r.qualifier] ?? r.qualifier;
  return r.reportedValue;
}

/** Header and footer on every page: the lab, the document, the UID and certificate number, page x of y. */
function decoratePages(
  doc: Doc,
  layout: CertificateLayout,
  view: CertificateView,
  number: string,
  title: string,
  logo: Buffer | null,
): void {
  const range = doc.bufferedPageRange();
  const m = layout.page.margin;
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const width = doc.page.width - 2 * m;
    let x = m;
    if (logo) {
      doc.image(logo, m, m, { fit: [layout.page.headerHeight - 16, layout.page.headerHeight - 16] });
      x = m + layout.page.headerHeight - 8;
    }
    doc
      .fillColor(layout.colors.text)
      .font('bold')
      .fontSize(layout.fonts.heading)
      .text(view.lab.name, x, m, { width: width / 2, lineBreak: false });
    doc
      .font('regular')
      .fontSize(layout.fonts.small)
      .fillColor(layout.colors.muted)
      .text(title, x, m + layout.fonts.heading + 4, { width: width / 2 + 20, height: 2 * layout.fonts.small + 4 });
    doc.font('bold').fontSize(layout.fonts.body).fillColor(layout.colors.text);
    doc.text(`UID ${view.sample.uid ?? 'none'}`, m + width / 2, m, { width: width / 2, align: 'right', lineBreak: false });
    doc.font('regular').text(`Certificate ${number}`, m + width / 2, m + layout.fonts.body + 4, {
      width: width / 2,
      align: 'right',
      lineBreak: false,
    });
    doc.text(`Lab sample ${view.sample.labSampleId}`, m + width / 2, m + 2 * (layout.fonts.body + 4), {
      width: width / 2,
      align: 'right',
      lineBreak: false,
    });
    const ruleY = m + layout.page.headerHeight - 10;
    doc
      .moveTo(m, ruleY)
      .lineTo(m + width, ruleY)
      .lineWidth(0.5)
      .strokeColor(layout.colors.rule)
      .stroke();

    const footY = doc.page.height - m - layout.page.footerHeight + 10;
    doc
      .moveTo(m, footY - 4)
      .lineTo(m + width, footY - 4)
      .lineWidth(0.5)
      .strokeColor(layout.colors.rule)
      .stroke();
    doc.font('regular').fontSize(layout.fonts.small).fillColor(layout.colors.muted);
    doc.text(
      `${view.lab.name} · permit ${view.lab.license} · certificate ${number} · UID ${view.sample.uid ?? 'none'}`,
      m,
      footY,
      { width: width * 0.75, lineBreak: false },
    );
    doc.text(`Page ${i - range.start + 1} of ${range.count}`, m + width * 0.75, footY, {
      width: width * 0.25,
      align: 'right',
      lineBreak: false,
    });
    doc.fillColor(layout.colors.text);
    doc.page.margins.bottom = bottom;
  }
}

/** Flowing text with the layout's fonts, and tables that continue onto the next page with their header. */
class Writer {
  readonly width: number;
  private table: { header: string[] } | null = null;

  constructor(
    readonly doc: Doc,
    readonly layout: CertificateLayout,
  ) {
    this.width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  }

  heading(text: string): void {
    this.ensureRoom(this.layout.fonts.heading * 3);
    this.doc.moveDown(0.4);
    this.doc
      .font('bold')
      .fontSize(this.layout.fonts.heading)
      .fillColor(this.layout.colors.text)
      .text(text, this.doc.page.margins.left, this.doc.y, { width: this.width });
    this.doc.moveDown(0.15);
    this.table = null;
  }

  paragraph(text: string): void {
    this.doc
      .font('regular')
      .fontSize(this.layout.fonts.body)
      .fillColor(this.layout.colors.text)
      .text(text, this.doc.page.margins.left, this.doc.y, { width: this.width });
  }

  small(text: string): void {
    this.doc
      .font('regular')
      .fontSize(this.layout.fonts.small)
      .fillColor(this.layout.colors.muted)
      .text(text, this.doc.page.margins.left, this.doc.y, { width: this.width });
    this.doc.fillColor(this.layout.colors.text);
  }

  /** Label–value pairs in two columns; a pair without a value is left out (print what exists). */
  facts(pairs: Array<[string, string | null | undefined]>, perRow: 1 | 2 = 2): void {
    const present = pairs.filter((p): p is [string, string] => typeof p[1] === 'string' && p[1] !== '');
    const half = this.width / perRow;
    const label = 92;
    const size = this.layout.fonts.body;
    for (let i = 0; i < present.length; i += perRow) {
      const pair = present.slice(i, i + perRow);
      this.doc.fontSize(size).font('regular');
      const values = pair.map(([, v]) => this.doc.heightOfString(v, { width: half - label - 8 }));
      this.doc.font('bold');
      const labels = pair.map(([k]) => this.doc.heightOfString(k, { width: label - 4 }));
      const height = Math.max(...values, ...labels);
      this.ensureRoom(height + 2);
      const y = this.doc.y;
      pair.forEach(([k, v], j) => {
        const x = this.doc.page.margins.left + j * half;
        this.doc
          .font('bold')
          .fillColor(this.layout.colors.muted)
          .text(k, x, y, { width: label - 4 });
        this.doc
          .font('regular')
          .fillColor(this.layout.colors.text)
          .text(v, x + label, y, { width: half - label - 8, ...(/^https?:\/\//.test(v) ? { link: v } : {}) });
      });
      this.doc.x = this.doc.page.margins.left;
      this.doc.y = y + height + 2;
    }
  }

  /** A shaded box of text across the page. */
  band(text: string, color: string): void {
    const pad = 5;
    this.doc.font('bold').fontSize(this.layout.fonts.body);
    const height = this.doc.heightOfString(text, { width: this.width - 2 * pad }) + 2 * pad;
    this.ensureRoom(height + 6);
    const y = this.doc.y;
    this.doc.rect(this.doc.page.margins.left, y, this.width, height).fill(this.layout.colors.band);
    this.doc.fillColor(color).text(text, this.doc.page.margins.left + pad, y + pad, { width: this.width - 2 * pad });
    this.doc.fillColor(this.layout.colors.text);
    this.doc.x = this.doc.page.margins.left;
    this.doc.y = y + height + 6;
  }

  tableHeader(): void {
    this.table = { header: this.layout.columns.map((c) => c.title) };
    this.drawRow(this.table.header, this.layout.colors.text, true);
  }

  /** One table row; true when it started a new page (the header was repeated there). */
  row(cells: string[], color: string): boolean {
    const height = this.rowHeight(cells);
    const paged = this.ensureRoom(height);
    if (paged && this.table) this.drawRow(this.table.header, this.layout.colors.text, true);
    this.drawRow(cells, color, false);
    return paged;
  }

  /** Starts a new page when `needed` points do not fit; true when it did. */
  ensureRoom(needed: number): boolean {
    if (this.doc.y + needed <= this.doc.page.height - this.doc.page.margins.bottom) return false;
    this.doc.addPage();
    return true;
  }

  private rowHeight(cells: string[]): number {
    this.doc.font('regular').fontSize(this.layout.fonts.table);
    return (
      Math.max(
        ...cells.map((c, i) => this.doc.heightOfString(c || ' ', { width: this.layout.columns[i].width * this.width - 4 })),
      ) + 3
    );
  }

  private drawRow(cells: string[], color: string, header: boolean): void {
    const height = this.rowHeight(cells);
    const y = this.doc.y;
    if (header) this.doc.rect(this.doc.page.margins.left, y - 1, this.width, height).fill(this.layout.colors.band);
    let x = this.doc.page.margins.left;
    this.doc
      .font(header ? 'bold' : 'regular')
      .fontSize(this.layout.fonts.table)
      .fillColor(color);
    cells.forEach((cell, i) => {
      const w = this.layout.columns[i].width * this.width;
      this.doc.text(cell, x + 2, y, { width: w - 4 });
      x += w;
    });
    this.doc.fillColor(this.layout.colors.text);
    this.doc.x = this.doc.page.margins.left;
    this.doc.y = y + height;
  }
}

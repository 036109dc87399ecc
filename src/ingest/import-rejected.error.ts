/** Where in a file a problem sits. Any subset may be known. */
export interface FileLocation {
  sheet?: string;
  /** 1-based row (spreadsheets) or line (text). */
  row?: number;
  line?: number;
  /** Column letter or header name. */
  column?: string;
  cell?: string;
  page?: number;
}

/**
 * A file that cannot be imported. The message names the template tried, where in the file, and what
 * was expected; the HTTP layer turns it into a 422 and nothing but the rejected-upload record is stored.
 */
export class ImportRejected extends Error {
  constructor(
    readonly reason: string,
    readonly details: { template?: string; location?: FileLocation; expected?: string; code?: string } = {},
  ) {
    super(ImportRejected.describe(reason, details));
    this.name = 'ImportRejected';
  }

  private static describe(reason: string, d: { template?: string; location?: FileLocation; expected?: string }): string {
    const where = d.location ? describeLocation(d.location) : '';
    return [d.template ? `template ${d.template}` : '', where, reason, d.expected ? `expected ${d.expected}` : '']
      .filter(Boolean)
      .join(': ');
  }
}

export function describeLocation(l: FileLocation): string {
  const parts: string[] = [];
  if (l.page !== undefined) parts.push(`page ${l.page}`);
  if (l.sheet !== undefined) parts.push(`sheet "${l.sheet}"`);
  if (l.cell !== undefined) parts.push(`cell ${l.cell}`);
  else {
    if (l.row !== undefined) parts.push(`row ${l.row}`);
    if (l.column !== undefined) parts.push(`column ${l.column}`);
  }
  if (l.line !== undefined) parts.push(`line ${l.line}`);
  return parts.join(', ');
}

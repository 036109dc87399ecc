import { DomainError } from '../common/errors';

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

/** What a refusal names besides its reason; a type, not an interface, so it is a `DomainError`'s details. */
export type RejectionDetails = { template?: string; location?: FileLocation; expected?: string; code?: string };

/**
 * A file that cannot be imported (422). The message names the template tried, where in the file, and what
 * was expected; nothing but the rejected-upload record is stored.
 */
export class ImportRejected extends DomainError {
  readonly status = 422;
  declare readonly details: RejectionDetails;

  constructor(
    readonly reason: string,
    details: RejectionDetails = {},
  ) {
    super(ImportRejected.describe(reason, details), details);
  }

  /** The answer names the reason on its own beside where and what was expected. */
  override answerDetails(): Record<string, unknown> {
    return { reason: this.reason, ...this.details };
  }

  private static describe(reason: string, d: RejectionDetails): string {
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

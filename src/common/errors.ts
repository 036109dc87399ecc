/**
 * Domain errors. Services throw these; one exception filter maps each class to an HTTP status and a body
 * that names the field, row or cell. Services never throw Nest HTTP exceptions.
 */
export abstract class DomainError extends Error {
  abstract readonly status: number;
  /** Fields the HTTP answer carries at its top level beside statusCode and message (a release's readiness list). */
  readonly body?: Record<string, unknown>;
  constructor(
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }

  /** The details the HTTP answer carries. */
  answerDetails(): unknown {
    return this.details;
  }
}

export class NotFound extends DomainError {
  readonly status = 404;
  constructor(what: string, id?: string) {
    super(id === undefined ? `${what} not found` : `${what} ${id} not found`);
  }
}

export class Conflict extends DomainError {
  readonly status = 409;
}

export class Forbidden extends DomainError {
  readonly status = 403;
}

/** A request that is well-formed JSON but asks for something impossible; names the field. */
export class InvalidInput extends DomainError {
  readonly status = 400;
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`${field}: ${problem}`, { field });
  }
}

/** A request body in a format the route does not take (e.g. JSON sent to an upload); names the header. */
export class UnsupportedMediaType extends DomainError {
  readonly status = 415;
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`${field}: ${problem}`, { field });
  }
}

export class PayloadTooLarge extends DomainError {
  readonly status = 413;
}

export class Unprocessable extends DomainError {
  readonly status = 422;
}

/** Too many attempts: the caller may try again after `retryAfterSeconds` (sent as Retry-After). */
export class TooManyRequests extends DomainError {
  readonly status = 429;
  constructor(
    what: string,
    readonly retryAfterSeconds: number,
  ) {
    super(`${what}: try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
  }
}

/** The disk under DATA_DIR (or the database's) is full: nothing of the request was kept. */
export class DiskFull extends DomainError {
  readonly status = 507;
  constructor() {
    super(
      "the service's disk is full: nothing of this request was kept; free space on the server (under DATA_DIR, or the database's disk) and send it again",
    );
  }
}

/** Codes a full disk or an exhausted quota surfaces as: the file system, SQLite, PostgreSQL (53100 disk_full). */
const DISK_FULL_CODES = new Set(['ENOSPC', 'EDQUOT', 'SQLITE_FULL', '53100']);

export function isDiskFull(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  const { code, sqlState } = e as { code?: unknown; sqlState?: unknown };
  return DISK_FULL_CODES.has(String(code)) || DISK_FULL_CODES.has(String(sqlState));
}

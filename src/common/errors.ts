/**
 * Domain errors. Services throw these; one exception filter maps each class to an HTTP status and a body
 * that names the field, row or cell. Services never throw Nest HTTP exceptions.
 */
export abstract class DomainError extends Error {
  abstract readonly status: number;
  constructor(message: string, readonly details?: Record<string, unknown>) {
    super(message);
    this.name = new.target.name;
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
  constructor(readonly field: string, problem: string) {
    super(`${field}: ${problem}`, { field });
  }
}

/** A request body in a format the route does not take (e.g. JSON sent to an upload); names the header. */
export class UnsupportedMediaType extends DomainError {
  readonly status = 415;
  constructor(readonly field: string, problem: string) {
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
  constructor(what: string, readonly retryAfterSeconds: number) {
    super(`${what}: try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
  }
}

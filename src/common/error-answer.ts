import { HttpException, HttpStatus } from '@nestjs/common';
import { ZodValidationException } from 'nestjs-zod';
import { ZodError } from 'zod';
import { DiskFull, DomainError, isDiskFull } from './errors';
import { describeZodIssues } from './zod-issues';

/** What an error becomes on the wire: `{statusCode, error, message}`, never a stack trace. */
export interface ErrorAnswer {
  statusCode: number;
  error: string;
  message: string;
  details?: unknown;
  [field: string]: unknown;
}

/**
 * The one error-to-status table, shared by the API's filter and the pages': a domain error answers with its own
 * status, a refused request body with 400, a full disk with 507. Undefined for a fault of the service's own,
 * which each filter logs and words for its audience as a 500.
 */
export function errorAnswer(e: unknown): ErrorAnswer | undefined {
  if (!(e instanceof DomainError) && isDiskFull(e)) return errorAnswer(new DiskFull());
  if (e instanceof ZodValidationException) {
    const zodError = e.getZodError();
    const issues = zodError instanceof ZodError ? describeZodIssues(zodError) : ['invalid request'];
    return { statusCode: 400, error: 'Bad Request', message: issues.join('; '), details: { issues } };
  }
  if (e instanceof DomainError) {
    return {
      statusCode: e.status,
      error: statusText(e.status),
      message: e.message,
      details: e.answerDetails(),
      ...(e.body ?? {}),
    };
  }
  if (e instanceof HttpException) {
    const status = e.getStatus();
    const response = e.getResponse();
    const message =
      typeof response === 'string'
        ? response
        : Array.isArray((response as { message?: unknown }).message)
          ? (response as { message: string[] }).message.join('; ')
          : String((response as { message?: unknown }).message ?? e.message);
    return { statusCode: status, error: statusText(status), message };
  }
  if (isExposedClientError(e)) return { statusCode: e.status, error: statusText(e.status), message: e.message };
  return undefined;
}

/**
 * A 4xx raised by Express middleware before any route ran (body-parser: a body over the size limit, an
 * unsupported charset or encoding, an aborted request), which Nest passes on unmapped. These errors
 * (http-errors) mark their message `expose` when it is meant for the client.
 */
function isExposedClientError(e: unknown): e is Error & { status: number } {
  if (!(e instanceof Error)) return false;
  const { status, expose } = e as { status?: unknown; expose?: unknown };
  return typeof status === 'number' && status >= 400 && status < 500 && expose === true;
}

function statusText(status: number): string {
  const name = HttpStatus[status];
  if (!name) return 'Error';
  return name
    .toLowerCase()
    .split('_')
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join(' ');
}

import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
  NotFoundException,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { ZodValidationException } from 'nestjs-zod';
import { ZodError } from 'zod';
import { ImportRejected } from '../ingest/import-rejected.error';
import { DiskFull, DomainError, isDiskFull, TooManyRequests } from './errors';
import { describeZodIssues } from './zod-issues';
import { NOT_FOUND_PAGE, wantsPage } from './not-found.page';

interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: unknown;
}

/** The one place errors become HTTP answers: `{statusCode, error, message}`, never a stack trace. */
@Catch()
export class AppExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const res = http.getResponse<Response>();
    if (res.headersSent) return;
    // No route for the address: a browser gets a page (the pages' own errors are WebExceptionFilter's).
    if (exception instanceof NotFoundException && wantsPage(http.getRequest<Request>())) {
      res.status(404).type('html').send(NOT_FOUND_PAGE);
      return;
    }
    const body = this.toBody(exception);
    if (body.statusCode >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    if (exception instanceof TooManyRequests) res.setHeader('Retry-After', String(exception.retryAfterSeconds));
    res.status(body.statusCode).json(body);
  }

  private toBody(e: unknown): ErrorBody {
    if (!(e instanceof DomainError) && isDiskFull(e)) return this.toBody(new DiskFull());
    if (e instanceof ZodValidationException) {
      const zodError = e.getZodError();
      const issues = zodError instanceof ZodError ? describeZodIssues(zodError) : ['invalid request'];
      return { statusCode: 400, error: 'Bad Request', message: issues.join('; '), details: { issues } };
    }
    if (e instanceof ImportRejected) {
      return {
        statusCode: 422,
        error: 'Unprocessable Entity',
        message: e.message,
        details: { reason: e.reason, ...e.details },
      };
    }
    if (e instanceof DomainError) {
      return { statusCode: e.status, error: statusText(e.status), message: e.message, details: e.details, ...(e.body ?? {}) };
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
    if (isExposedClientError(e)) {
      return { statusCode: e.status, error: statusText(e.status), message: e.message };
    }
    return { statusCode: 500, error: 'Internal Server Error', message: 'Internal server error' };
  }
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

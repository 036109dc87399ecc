import { type ArgumentsHost, Catch, type ExceptionFilter, Logger, NotFoundException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { errorAnswer, type ErrorAnswer } from './error-answer';
import { TooManyRequests } from './errors';
import { NOT_FOUND_PAGE, wantsPage } from './not-found.page';

const INTERNAL_ERROR: ErrorAnswer = { statusCode: 500, error: 'Internal Server Error', message: 'Internal server error' };

/** API errors as JSON answers, by the table the pages share (`errorAnswer`). */
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
    const body = errorAnswer(exception) ?? INTERNAL_ERROR;
    if (body.statusCode >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    if (exception instanceof TooManyRequests) res.setHeader('Retry-After', String(exception.retryAfterSeconds));
    res.status(body.statusCode).json(body);
  }
}

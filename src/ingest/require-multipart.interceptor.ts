import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { UnsupportedMediaType } from '../common/errors';

/**
 * Upload routes take multipart/form-data only. Without this a JSON or text body reaches the route as
 * "no file" or as unknown fields, and the answer (400) hides what was wrong: the request's format (415).
 */
@Injectable()
export class RequireMultipart implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const type = context.switchToHttp().getRequest<Request>().headers['content-type'];
    if (!type || !/^multipart\/form-data\s*;/i.test(type)) {
      throw new UnsupportedMediaType(
        'Content-Type',
        `expected multipart/form-data with the file in field "file", got ${type ?? 'none'}`,
      );
    }
    return next.handle();
  }
}

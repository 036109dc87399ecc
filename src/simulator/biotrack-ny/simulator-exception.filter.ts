import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { ErrorBody } from './biotrack.types';
import { SIMULATOR_ERROR_CODES, SimulatorError } from './simulator-error';

/** Every error leaves the simulator in the contract's shape: `{"Error": "...", "ErrorCode": "..."}`. */
@Catch()
export class SimulatorExceptionFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return;
    const { status, body } = toErrorResponse(exception, req);
    res.status(status).json(body);
  }
}

function toErrorResponse(exception: unknown, req: Request): { status: number; body: ErrorBody } {
  if (exception instanceof SimulatorError) {
    return { status: exception.status, body: { Error: exception.message, ErrorCode: exception.code } };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    if (status === 404)
      return {
        status,
        body: { Error: `no such endpoint: ${req.method} ${req.path}`, ErrorCode: SIMULATOR_ERROR_CODES.notFound },
      };
    if (status === 400)
      return { status, body: { Error: `body: ${exception.message}`, ErrorCode: SIMULATOR_ERROR_CODES.validation } };
    return { status, body: { Error: exception.message, ErrorCode: String(status) } };
  }
  const message = exception instanceof Error ? exception.message : String(exception);
  return { status: 500, body: { Error: `simulator fault (a bug, not an injected fault): ${message}`, ErrorCode: '500' } };
}

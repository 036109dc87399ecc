import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { map, type Observable } from 'rxjs';
import { FaultInjector, markFault } from './fault-injector';
import { SimulatedServerError } from './simulator-error';

/** On write endpoints: after the write succeeded (its effect kept), maybe answer 500 instead of the result. */
@Injectable()
export class AppliedButErrorInterceptor implements NestInterceptor {
  constructor(private readonly faults: FaultInjector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const res = context.switchToHttp().getResponse<Response>();
    return next.handle().pipe(
      map((body: unknown) => {
        if (!this.faults.failAfterApply()) return body;
        markFault(res, 'applied-but-500');
        throw new SimulatedServerError('internal server error (simulated: the write was applied, then the answer failed)');
      }),
    );
  }
}

/**
 * Error codes the simulator answers in `{"Error": "...", "ErrorCode": "..."}`. 602 (validation) and 63 (expired
 * session) are the older BioTrack API's codes [known, older API]; the rest are the simulator's choice [assumed].
 */
export const SIMULATOR_ERROR_CODES = {
  validation: '602',
  sessionExpired: '63',
  loginFailed: '61',
  wrongAccountKind: '62',
  notFound: '404',
  conflict: '409',
  rateLimited: '429',
} as const;

export abstract class SimulatorError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
}

/** 400: the request does not meet the contract; the message names the field. */
export class InvalidRequest extends SimulatorError {
  readonly status = 400;
  readonly code = SIMULATOR_ERROR_CODES.validation;
}

/** 401: no session, an unknown one, an expired one, or one that belongs to other X-Ubi/X-License headers. */
export class SessionRejected extends SimulatorError {
  readonly status = 401;
  readonly code = SIMULATOR_ERROR_CODES.sessionExpired;
}

export class LoginRejected extends SimulatorError {
  readonly status = 401;
  readonly code = SIMULATOR_ERROR_CODES.loginFailed;
}

/** 403: a licensee session on a lab endpoint or the reverse. */
export class WrongAccountKind extends SimulatorError {
  readonly status = 403;
  readonly code = SIMULATOR_ERROR_CODES.wrongAccountKind;
}

export class NotFound extends SimulatorError {
  readonly status = 404;
  readonly code = SIMULATOR_ERROR_CODES.notFound;
}

export class Conflict extends SimulatorError {
  readonly status = 409;
  readonly code = SIMULATOR_ERROR_CODES.conflict;
}

/** A fault the simulator injects on purpose (e.g. "applied the write, then answered 500"). */
export class SimulatedServerError extends SimulatorError {
  readonly code: string;
  constructor(
    message: string,
    readonly status = 500,
  ) {
    super(message);
    this.code = String(status);
  }
}

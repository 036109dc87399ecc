import { DomainError } from '../common/errors';

/** The signer's password did not check out (or they have none to sign with): 401, whatever token the request carried. */
export class SignatureRefused extends DomainError {
  readonly status = 401;
  constructor(problem: string) {
    super(`signature: ${problem}`, { field: 'signature' });
  }
}

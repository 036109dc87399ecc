/** Injection token: where the outbox gets the certificate PDF a protocol attaches (the one the service renders). */
export const CERTIFICATES = Symbol('Certificates');

export interface CertificateSource {
  pdf(resultSetId: string): Promise<Buffer>;
}

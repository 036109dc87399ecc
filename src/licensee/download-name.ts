import type { CertificateView } from './certificate.view';

/**
 * A download's file name from the product, batch and UID ("Blue-Dream-3.5g_BD-0325_4815020000009001.pdf"):
 * ASCII letters, digits, dots and dashes only, so it is safe in a Content-Disposition header and on any disk.
 */
export function downloadFileName(
  view: { sample: Pick<CertificateView['sample'], 'productName' | 'batch' | 'uid'> } | undefined,
  uid: string,
  format: string,
): string {
  const parts = [view?.sample.productName, view?.sample.batch, view?.sample.uid ?? uid]
    .map((p) => (p ? slug(p) : ''))
    .filter(Boolean);
  return `${parts.join('_')}.${format}`;
}

function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9.]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 60)
    .replace(/[-.]+$/, '');
}

import * as http from 'node:http';
import { randomBytes } from 'node:crypto';

/** What the service answered to one upload over real HTTP. */
export interface UploadAnswer {
  status: number;
  body: {
    id?: string;
    status?: string;
    resultSets?: Array<{ read: number }>;
    /** The unmatched samples come a page at a time; `total` counts them all. */
    unmatchedPage?: { total: number };
    message?: string;
  };
}

/**
 * POSTs one file as multipart/form-data to /api/imports with Node's own HTTP client, on a connection of
 * its own (no keep-alive: an idle pooled socket the server closes after 5 s would fail the next upload).
 */
export function uploadFile(
  baseUrl: string,
  token: string,
  file: { name: string; bytes: Buffer },
  fields: Record<string, string> = {},
): Promise<UploadAnswer> {
  const boundary = `----bench-${randomBytes(12).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`, 'utf8'));
  }
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      'utf8',
    ),
  );
  parts.push(file.bytes, Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8'));
  const body = Buffer.concat(parts);
  const url = new URL('/api/imports', baseUrl);
  return new Promise<UploadAnswer>((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent: false,
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': `multipart/form-data; boundary=${boundary}`,
          'Content-Length': body.length,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          try {
            resolve({
              status: res.statusCode ?? 0,
              body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as UploadAnswer['body'],
            });
          } catch (error) {
            reject(error);
          }
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Throws unless the upload made a new import with every sample matched; returns how many results it stored. */
export function expectImported(answer: UploadAnswer, what: string): number {
  if (answer.status !== 201)
    throw new Error(
      `${what}: expected 201, got ${answer.status}: ${answer.body.message ?? JSON.stringify(answer.body).slice(0, 300)}`,
    );
  if (answer.body.unmatchedPage?.total)
    throw new Error(`${what}: ${answer.body.unmatchedPage.total} sample(s) unmatched; the bench registers every sample first`);
  return (answer.body.resultSets ?? []).reduce((n, s) => n + s.read, 0);
}

import type { ZodError } from 'zod';

/** "results.3.unit: expected a string" — one line per issue, naming the field by its path. */
export function describeZodIssues(error: ZodError): string[] {
  return error.issues.map((issue) => {
    const where = issue.path.length ? issue.path.map(String).join('.') : '(body)';
    if (issue.code === 'unrecognized_keys') return `${where}: unknown field(s) ${issue.keys.join(', ')}`;
    return `${where}: ${issue.message}`;
  });
}

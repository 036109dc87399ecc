import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ZodError } from 'zod';
import { InstrumentTemplateSchema, type InstrumentTemplate } from './instrument-template.schema';

/** A template file that cannot be used; the message names the file and the JSON path of every problem. */
export class InvalidInstrumentTemplate extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file}: ${problems.join('; ')}`);
    this.name = 'InvalidInstrumentTemplate';
  }
}

/** Loads and validates every `*.json` in `dir` (sorted by file name). Throws on the first bad file. */
export function loadInstrumentTemplates(dir: string): InstrumentTemplate[] {
  const files = fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort();
  const templates: InstrumentTemplate[] = [];
  const seen = new Map<string, string>();
  for (const name of files) {
    const file = path.join(dir, name);
    const template = parseInstrumentTemplate(fs.readFileSync(file, 'utf8'), file);
    const earlier = seen.get(template.id);
    if (earlier) throw new InvalidInstrumentTemplate(file, [`$.id: "${template.id}" is already used by ${earlier}`]);
    seen.set(template.id, file);
    templates.push(template);
  }
  return templates;
}

/** Validates one template's JSON text; `file` only names it in errors. */
export function parseInstrumentTemplate(json: string, file: string): InstrumentTemplate {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    throw new InvalidInstrumentTemplate(file, [`not valid JSON: ${(error as Error).message}`]);
  }
  const result = InstrumentTemplateSchema.safeParse(data);
  if (!result.success) throw new InvalidInstrumentTemplate(file, describeIssues(result.error));
  return result.data;
}

function describeIssues(error: ZodError): string[] {
  return error.issues.map((issue) => {
    const where = jsonPath(issue.path);
    if (issue.code === 'unrecognized_keys') return `${where}: unknown field(s) ${issue.keys.join(', ')}`;
    return `${where}: ${issue.message}`;
  });
}

function jsonPath(segments: readonly PropertyKey[]): string {
  return segments.reduce<string>(
    (acc, segment) => (typeof segment === 'number' ? `${acc}[${segment}]` : `${acc}.${String(segment)}`),
    '$',
  );
}

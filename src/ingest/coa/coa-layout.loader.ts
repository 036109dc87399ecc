import * as fs from 'node:fs';
import * as path from 'node:path';
import type { z } from 'zod';
import { CoaLayoutSchema, type CoaLayout } from './coa-layout.schema';

/** A layout descriptor that cannot be used; the message names the file and the JSON path. */
export class InvalidCoaLayout extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidCoaLayout';
  }
}

/** Loads and validates every `*.json` descriptor in `dir` (e.g. `templates/coa`). */
export function loadCoaLayouts(dir: string): CoaLayout[] {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  const layouts = files.map((file) => parseCoaLayout(file, fs.readFileSync(path.join(dir, file), 'utf8')));
  const seen = new Set<string>();
  for (const layout of layouts) {
    if (seen.has(layout.id)) throw new InvalidCoaLayout(`two CoA layouts have the id "${layout.id}"`);
    seen.add(layout.id);
  }
  return layouts;
}

/** Validates one descriptor; `file` is its name, used in messages and to check the id. */
export function parseCoaLayout(file: string, json: string): CoaLayout {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw new InvalidCoaLayout(`${file}: not valid JSON: ${(error as Error).message}`);
  }
  const result = CoaLayoutSchema.safeParse(raw);
  if (!result.success) throw new InvalidCoaLayout(`${file}: ${describeIssues(result.error.issues)}`);
  const expectedId = `coa-${path.basename(file, '.json')}`;
  if (result.data.id !== expectedId) {
    throw new InvalidCoaLayout(`${file}: id: expected "${expectedId}" (coa- and the file name), got "${result.data.id}"`);
  }
  return result.data;
}

function describeIssues(issues: z.core.$ZodIssue[]): string {
  return issues.map((issue) => `${jsonPath(issue.path)}: ${issue.message}`).join('; ');
}

function jsonPath(segments: PropertyKey[]): string {
  if (segments.length === 0) return '(root)';
  return segments.map((s, i) => (typeof s === 'number' ? `[${s}]` : `${i === 0 ? '' : '.'}${String(s)}`)).join('');
}

import * as fs from 'node:fs';
import type { z } from 'zod';
import { BiotrackMappingSchema, resolveMapping, type BiotrackMapping } from './mapping.schemas';

/** The mapping file cannot be used; the message names the file and the JSON path. */
export class InvalidBiotrackMapping extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidBiotrackMapping';
  }
}

export function loadBiotrackMapping(file: string, nonDetect: 'zero_with_note' | 'omit'): BiotrackMapping {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new InvalidBiotrackMapping(`${file}: cannot be read: ${(error as Error).message}`);
  }
  return parseBiotrackMapping(file, text, nonDetect);
}

export function parseBiotrackMapping(file: string, json: string, nonDetect: 'zero_with_note' | 'omit'): BiotrackMapping {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw new InvalidBiotrackMapping(`${file}: not valid JSON: ${(error as Error).message}`);
  }
  const parsed = BiotrackMappingSchema.safeParse(raw);
  if (!parsed.success) {
    throw new InvalidBiotrackMapping(
      `${file}: ${parsed.error.issues.map((i) => `${jsonPath(i.path)}: ${describe(i)}`).join('; ')}`,
    );
  }
  return resolveMapping(parsed.data, nonDetect);
}

function describe(issue: z.core.$ZodIssue): string {
  return issue.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys.join(', ')}` : issue.message;
}

function jsonPath(segments: PropertyKey[]): string {
  if (segments.length === 0) return '(root)';
  return segments.map((s, i) => (typeof s === 'number' ? `[${s}]` : `${i === 0 ? '' : '.'}${String(s)}`)).join('');
}

import * as fs from 'node:fs';
import { MetrcMappingSchema, type MetrcMapping } from './mapping.schemas';

export class InvalidMetrcMapping extends Error {}

/** Reads and checks the mapping file; a bad file stops the service at start-up with the place and the problem. */
export function loadMetrcMapping(file: string): MetrcMapping {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new InvalidMetrcMapping(
      `${file}: cannot be read (${e instanceof Error ? e.message : String(e)}); set METRC_MAPPING_FILE`,
    );
  }
  return parseMetrcMapping(text, file);
}

export function parseMetrcMapping(text: string, where: string): MetrcMapping {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new InvalidMetrcMapping(`${where}: not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const parsed = MetrcMappingSchema.safeParse(json);
  if (!parsed.success) {
    throw new InvalidMetrcMapping(
      `${where}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`).join('; ')}`,
    );
  }
  const seen = new Set<string>();
  for (const row of parsed.data.types) {
    const key = `${row.analyte}/${row.matrix}`;
    if (seen.has(key)) throw new InvalidMetrcMapping(`${where}: types: ${key} is listed twice`);
    seen.add(key);
  }
  return parsed.data;
}

/** Every type name the mapping can produce (for the start-up check against Metrc's catalogue). */
export function mappedTypeNames(mapping: MetrcMapping): string[] {
  const matrices = [...new Set(Object.values(mapping.matrices))];
  const names = new Set<string>();
  for (const row of mapping.types) {
    const forRow = row.matrix === '*' ? matrices : [mapping.matrices[row.matrix] ?? mapping.matrices['*']];
    for (const m of forRow) if (m) names.add(row.typeName.replace('{matrix}', m));
  }
  return [...names].sort();
}

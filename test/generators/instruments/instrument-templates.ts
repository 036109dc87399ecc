import * as path from 'node:path';
import { loadInstrumentTemplates } from '../../../src/ingest/instruments/template-registry';
import type { InstrumentTemplate } from '../../../src/ingest/instruments/instrument-template.schema';

export const INSTRUMENT_TEMPLATES_DIR = path.resolve(__dirname, '../../../templates/instruments');

let cached: InstrumentTemplate[] | undefined;

/** The project's real templates (templates/instruments), loaded and validated once per test file. */
export function instrumentTemplates(): InstrumentTemplate[] {
  cached ??= loadInstrumentTemplates(INSTRUMENT_TEMPLATES_DIR);
  return cached;
}

export function instrumentTemplate(id: string): InstrumentTemplate {
  const template = instrumentTemplates().find((t) => t.id === id);
  if (!template) throw new Error(`no template ${id} in ${INSTRUMENT_TEMPLATES_DIR}`);
  return template;
}

import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';

/**
 * The testing labs a state permits, as data (`templates/labs/*.json`): an import names the lab that tested a
 * certificate and whether it holds a permit here. New York prints one permit in several forms
 * (`OCM-CPL-2022-00011`, `OCM-CPL-00011`, `OCM-CPL-24-00011-L1`); all read as permit 00011.
 */

const RegistrySchema = z.strictObject({
  jurisdiction: z.string().min(2),
  source: z.string().min(1),
  labs: z
    .array(
      z.strictObject({
        /** The five-digit serial every printed form of the permit carries. */
        permit: z.string().regex(/^\d{5}$/),
        name: z.string().min(1),
        /** Other names the lab prints or is known by. */
        names: z.array(z.string().min(1)).default([]),
      }),
    )
    .min(1),
});

export type LabRegistry = z.infer<typeof RegistrySchema>;

export interface TestingLab {
  /** The registry's name for a permitted lab, else the name as printed. */
  name: string | null;
  /** The permit in its plain form (`OCM-CPL-00011`) when the lab holds one. */
  permit: string | null;
  /** Whether the lab holds a permit in the registry's jurisdiction. */
  permitted: boolean;
  /** What identified it: the printed permit number, the printed name, or nothing. */
  matchedBy: 'permit' | 'name' | null;
}

/** `OCM-CPL-2022-00011`, `OCM-CPL-00011`, `OCM-CPL-24-00011-L1` → `00011`; null for anything else. */
export function permitSerial(text: string): string | null {
  const m = /\bOCM-CPL-(?:(?:\d{2}|\d{4})-)?(\d{5})(?:-[A-Z]\d+)?\b/i.exec(text.trim());
  return m ? m[1] : null;
}

export function identifyLab(registry: LabRegistry, printed: { name?: string; license?: string }): TestingLab {
  const serial = printed.license ? permitSerial(printed.license) : null;
  const byPermit = serial ? registry.labs.find((l) => l.permit === serial) : undefined;
  if (byPermit) return { name: byPermit.name, permit: `OCM-CPL-${byPermit.permit}`, permitted: true, matchedBy: 'permit' };
  const folded = printed.name ? fold(printed.name) : '';
  const byName = folded ? registry.labs.find((l) => [l.name, ...l.names].some((n) => fold(n) === folded)) : undefined;
  if (byName) return { name: byName.name, permit: `OCM-CPL-${byName.permit}`, permitted: true, matchedBy: 'name' };
  return { name: printed.name?.trim() || null, permit: null, permitted: false, matchedBy: null };
}

function fold(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Reads and validates the registry file; an error names the file and the path in it. */
export function loadLabRegistry(file: string): LabRegistry {
  const parsed = RegistrySchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${path.basename(file)}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}

import type { Analyte } from './analyte';
import { compactName, greekLookalikeForms, ligatureDamagedForms } from './analyte-name';
import { CANNABINOIDS } from './analytes/cannabinoids';
import { METALS } from './analytes/metals';
import { MICROBIALS } from './analytes/microbials';
import { MYCOTOXINS } from './analytes/mycotoxins';
import { OTHERS } from './analytes/others';
import { PESTICIDES } from './analytes/pesticides';
import { SOLVENTS } from './analytes/solvents';
import { TERPENES } from './analytes/terpenes';
import type { PanelKey } from './panel';

export const ANALYTES: readonly Analyte[] = [
  ...CANNABINOIDS,
  ...TERPENES,
  ...METALS,
  ...PESTICIDES,
  ...MYCOTOXINS,
  ...SOLVENTS,
  ...MICROBIALS,
  ...OTHERS,
];

const BY_KEY: ReadonlyMap<string, Analyte> = new Map(ANALYTES.map((a) => [a.key, a]));

export function getAnalyte(key: string): Analyte | undefined {
  return BY_KEY.get(key);
}

export function analytesInPanel(panel: PanelKey): Analyte[] {
  return ANALYTES.filter((a) => a.panel === panel);
}

/** Every compact form an analyte answers to everywhere: key, name, aliases and their derived forms. */
export function matchFormsOf(analyte: Analyte): string[] {
  return expandForms([analyte.key, analyte.name, ...analyte.aliases]);
}

/** Compact forms an analyte answers to only inside its own panel's section. */
export function panelMatchFormsOf(analyte: Analyte): string[] {
  return expandForms(analyte.panelAliases ?? []);
}

function expandForms(names: readonly string[]): string[] {
  const forms = new Set<string>();
  for (const name of names) {
    const compact = compactName(name);
    for (const f of [compact, ...greekLookalikeForms(compact), ...ligatureDamagedForms(name)]) {
      if (f !== '') forms.add(f);
    }
  }
  return [...forms];
}

type FormIndex = Map<string, Set<string>>;

function addForm(index: FormIndex, form: string, key: string): void {
  const keys = index.get(form) ?? new Set<string>();
  keys.add(key);
  index.set(form, keys);
}

const GLOBAL_FORMS: FormIndex = new Map();
const PANEL_FORMS = new Map<PanelKey, FormIndex>();
for (const analyte of ANALYTES) {
  for (const form of matchFormsOf(analyte)) addForm(GLOBAL_FORMS, form, analyte.key);
  const own = PANEL_FORMS.get(analyte.panel) ?? new Map<string, Set<string>>();
  for (const form of panelMatchFormsOf(analyte)) addForm(own, form, analyte.key);
  PANEL_FORMS.set(analyte.panel, own);
}

/**
 * Exact lookup of a compact form. Panel aliases count only with a panel; when a form names analytes
 * in several panels the panel picks among them.
 */
export function lookupForm(form: string, panel: PanelKey | null): Analyte[] {
  const keys = new Set(GLOBAL_FORMS.get(form) ?? []);
  if (panel) for (const key of PANEL_FORMS.get(panel)?.get(form) ?? []) keys.add(key);
  let found = [...keys].map((k) => BY_KEY.get(k)).filter((a): a is Analyte => a !== undefined);
  if (found.length > 1 && panel) {
    const inPanel = found.filter((a) => a.panel === panel);
    if (inPanel.length > 0) found = inPanel;
  }
  return found;
}

/** Forms that name more than one analyte (the catalog spec keeps this empty). */
export function findFormCollisions(): Array<{ form: string; keys: string[]; panel?: PanelKey }> {
  const out: Array<{ form: string; keys: string[]; panel?: PanelKey }> = [];
  for (const [form, keys] of GLOBAL_FORMS) if (keys.size > 1) out.push({ form, keys: [...keys] });
  for (const [panel, index] of PANEL_FORMS) {
    for (const [form, keys] of index) {
      const all = new Set([...keys, ...(GLOBAL_FORMS.get(form) ?? [])].filter((k) => BY_KEY.get(k)?.panel === panel));
      if (all.size > 1) out.push({ form, keys: [...all], panel });
    }
  }
  return out;
}

/** Every (analyte, compact form) pair, for fuzzy candidate scoring. */
export function allForms(): Array<{ analyte: Analyte; form: string }> {
  const out: Array<{ analyte: Analyte; form: string }> = [];
  for (const analyte of ANALYTES) {
    for (const form of [...matchFormsOf(analyte), ...panelMatchFormsOf(analyte)]) out.push({ analyte, form });
  }
  return out;
}

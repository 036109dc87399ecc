/** Test panels (9 NYCRR 130.22 categories) and the unit each panel's results are stored in. */

export const PANELS = [
  'cannabinoids',
  'terpenes',
  'metals',
  'pesticides',
  'mycotoxins',
  'solvents',
  'microbials',
  'moisture',
  'water_activity',
  'foreign_matter',
  'other',
] as const;

export type PanelKey = (typeof PANELS)[number];

export function isPanelKey(value: string): value is PanelKey {
  return (PANELS as readonly string[]).includes(value);
}

/** Words certificates and instrument exports use for a panel section, tried in this order. */
const PANEL_WORDS: ReadonlyArray<readonly [PanelKey, RegExp]> = [
  ['cannabinoids', /cannabinoid|potency/],
  ['terpenes', /terpen/],
  ['metals', /metal|elemental|icp-?ms/],
  ['pesticides', /pesticide|agricultural agent/],
  ['mycotoxins', /mycotoxin|aflatoxin/],
  ['solvents', /solvent|volatile/],
  ['microbials', /microb|pathogen|bacteri|yeast|mold|aspergillus|salmonella/],
  ['water_activity', /water activity|^a_?w$/],
  ['moisture', /moisture|loss on drying/],
  ['foreign_matter', /foreign|filth/],
];

/**
 * The panel a section heading names ("Heavy Metals", "Residual Solvents", "Filth/Foreign Material"), or
 * null when it names none or more than one ("Moisture and Water Activity" is two panels).
 */
export function parsePanel(text: string): PanelKey | null {
  const t = text.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ');
  const asKey = t.replace(/[\s-]+/g, '_');
  if (isPanelKey(asKey)) return asKey;
  const hits = PANEL_WORDS.filter(([, re]) => re.test(t)).map(([panel]) => panel);
  return hits.length === 1 ? hits[0] : null;
}

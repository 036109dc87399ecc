/** Product types a sample can be (DESIGN.md), routes of administration, and type of use. */

export const PRODUCT_TYPES = [
  'flower',
  'pre_roll',
  'infused_pre_roll',
  'concentrate',
  'vape',
  'edible',
  'beverage',
  'tincture',
  'topical',
  'capsule',
  'other',
] as const;

export type ProductType = (typeof PRODUCT_TYPES)[number];

export const ROUTES = ['inhaled', 'oral', 'topical'] as const;

export type Route = (typeof ROUTES)[number];

export const TYPES_OF_USE = ['adult_use', 'medical'] as const;

export type TypeOfUse = (typeof TYPES_OF_USE)[number];

export function isProductType(value: string): value is ProductType {
  return (PRODUCT_TYPES as readonly string[]).includes(value);
}

const DEFAULT_ROUTE: Readonly<Record<ProductType, Route>> = {
  flower: 'inhaled',
  pre_roll: 'inhaled',
  infused_pre_roll: 'inhaled',
  concentrate: 'inhaled',
  vape: 'inhaled',
  edible: 'oral',
  beverage: 'oral',
  tincture: 'oral',
  capsule: 'oral',
  topical: 'topical',
  // Nothing says how an "other" product is used; inhaled carries the strictest metal limits.
  other: 'inhaled',
};

/** The route a product type is used by unless the sample says otherwise. */
export function defaultRoute(productType: ProductType): Route {
  return DEFAULT_ROUTE[productType];
}

/** Matrix words, most specific first: "Infused Pre-Roll" must not be read as a plain pre-roll. */
const MATRIX_WORDS: ReadonlyArray<readonly [ProductType, RegExp]> = [
  ['infused_pre_roll', /\b(infused|enhanced)\b.*\bpre-?\s?rolls?\b|\bpre-?\s?rolls?\b.*\b(infused|enhanced)\b/],
  ['pre_roll', /\bpre-?\s?rolls?\b|\bjoints?\b|\bblunts?\b/],
  ['vape', /\bvape|\bvapor|\bcartridges?\b|\bcarts?\b|\bpods?\b|\bdisposables?\b/],
  ['capsule', /\bcapsules?\b|\btablets?\b|\bsoftgels?\b|\bpills?\b/],
  ['tincture', /\btinctures?\b|\bsublingual\b/],
  ['topical', /\btopicals?\b|\blotions?\b|\bbalms?\b|\bsalves?\b|\bcreams?\b|\btransdermal\b|\bpatch(es)?\b/],
  ['beverage', /\bbeverages?\b|\bdrinks?\b|\bsodas?\b|\bseltzers?\b/],
  [
    'edible',
    /\bedibles?\b|\bgumm(y|ies)\b|\bchocolates?\b|\bcand(y|ies)\b|\bbaked\b|\bcookies?\b|\bchews?\b|\blozenges?\b|\bmints?\b|\bfood\b/,
  ],
  [
    'concentrate',
    /\bconcentrates?\b|\bextracts?\b|\brosin\b|\bresin\b|\bwax\b|\bshatter\b|\bbadder\b|\bbudder\b|\bcrumble\b|\bdiamonds?\b|\bdistillate\b|\bkief\b|\bhash\b|\bsauce\b/,
  ],
  ['flower', /\bflowers?\b|\bbuds?\b|\bshake\b|\btrim\b|\bpopcorn\b|^plant$/],
  ['other', /^other$/],
];

/**
 * The product type a certificate's matrix text names: "Plant, Flower - Cured" → flower,
 * "Plant, Preroll" → pre_roll, "Plant, Enhanced/Infused Preroll" → infused_pre_roll,
 * "Vape Cartridge" → vape. Null when the text names none.
 */
export function productTypeFromMatrix(matrix: string): ProductType | null {
  const t = matrix.normalize('NFKC').trim().toLowerCase().replace(/[/,]/g, ' ').replace(/\s+/g, ' ');
  for (const [type, re] of MATRIX_WORDS) if (re.test(t)) return type;
  return null;
}

/** "Adult Use", "Adult-Use", "Recreational" → adult_use; "Medical", "Medicinal" → medical. */
export function typeOfUseFromText(text: string): TypeOfUse | null {
  const t = text.trim().toLowerCase();
  if (/\badult[\s_-]*use\b|\brecreational\b/.test(t)) return 'adult_use';
  if (/\bmedic(al|inal)\b/.test(t)) return 'medical';
  return null;
}

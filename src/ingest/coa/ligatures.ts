/**
 * Repairs words whose fi/fl/ff/ffi/ffl ligature glyph lost its text mapping when the PDF was made.
 * pdf.js then reports U+0000 where the ligature was ("Certi\0cate", "A\0atoxin"); other readers show a
 * space ("Certi cate"). Presentation forms (U+FB00–U+FB06, "Certiﬁcate") are spelled out. Nothing else
 * is normalised: Greek letters and the micro sign stay exactly as printed.
 */

const LIGATURES = ['fi', 'fl', 'ff', 'ffi', 'ffl'] as const;

const PRESENTATION_FORMS: Record<string, string> = {
  '\uFB00': 'ff',
  '\uFB01': 'fi',
  '\uFB02': 'fl',
  '\uFB03': 'ffi',
  '\uFB04': 'ffl',
  '\uFB05': 'st',
  '\uFB06': 'st',
};

/**
 * Stems of words that carry a ligature and appear on certificates. A repaired word is accepted when it
 * is one of them plus a common suffix ("Aflatoxins", "Certificates", "specifications").
 */
const LIGATURE_WORDS = [
  'affidavit',
  'aflatoxin',
  'certificate',
  'certification',
  'certified',
  'certify',
  'chlorfluazuron',
  'classified',
  'coefficient',
  'confidence',
  'confident',
  'cyfluthrin',
  'deficien',
  'different',
  'difficult',
  'effect',
  'efficacy',
  'efficien',
  'effluent',
  'field',
  'filth',
  'filter',
  'final',
  'fine',
  'fipronil',
  'firm',
  'first',
  'flag',
  'flash',
  'flask',
  'flavus',
  'flonicamid',
  'flower',
  'fludioxonil',
  'flufenoxuron',
  'fluid',
  'flumioxazin',
  'fluopyram',
  'fluor',
  'flutolanil',
  'fluxapyroxad',
  'hexaflumuron',
  'identifi',
  'infused',
  'influen',
  'magnifi',
  'modifi',
  'notifi',
  'offer',
  'office',
  'officer',
  'official',
  'profile',
  'qualifi',
  'quantifi',
  'reflect',
  'scientific',
  'signific',
  'specific',
  'specified',
  'sufficien',
  'tefluthrin',
  'tetrafluoro',
  'trifloxystrobin',
  'triflumizole',
  'trifluralin',
  'unidentified',
  'verifi',
  'verified',
];

const LETTER = /\p{L}/u;

export function repairLigatures(text: string): string {
  let out = text.replace(/[\uFB00-\uFB06]/g, (c) => PRESENTATION_FORMS[c] ?? c);
  if (out.includes('\u0000')) out = repairLostGlyphs(out);
  return repairSplitWords(out);
}

/** U+0000 followed by a letter is a lost ligature; any other U+0000 is dropped. */
function repairLostGlyphs(text: string): string {
  // pdf.js hands a glyph it cannot map as U+0000: matching that control character is the point.
  // eslint-disable-next-line no-control-regex
  return text.replace(/(\p{L}*)\u0000+(\p{L}*)/gu, (_m, before: string, after: string) => {
    if (!after || !LETTER.test(after[0])) return before + after;
    const known = LIGATURES.map((lig) => before + lig + after).find(isLigatureWord);
    if (known) return known;
    // Unknown word: "fl" before a/o/u ("flavus", "fluoro"), "fi" otherwise ("identified", "specific").
    return before + (/^[aou]/i.test(after) ? 'fl' : 'fi') + after;
  });
}

/**
 * "Certi cate" / "A atoxin" / "Aspergillus avus": a space where a ligature was. Joins fragments only
 * when the result is a known ligature word, so ordinary two-word text is left alone.
 */
function repairSplitWords(text: string): string {
  if (!text.includes(' ')) return text;
  const tokens = text.split(/( +)/);
  for (let i = 2; i < tokens.length; i += 2) {
    const after = tokens[i];
    // Ligatures are lower-case glyphs: "82 NE 26th street" is not damaged.
    const tail = /^\p{Ll}+/u.exec(after)?.[0];
    if (!tail || !AFTER_LIGATURE.has(tail) || /^\p{L}/u.test(after.slice(tail.length))) continue;
    const before = tokens[i - 2];
    const head = /\p{L}+$/u.exec(before)?.[0];
    const rest = after.slice(tail.length);
    const joined = head ? LIGATURES.map((lig) => head + lig + tail).find(isLigatureWord) : undefined;
    if (head && joined) {
      tokens[i] = before.slice(0, before.length - head.length) + joined + rest;
      tokens[i - 2] = '';
      tokens[i - 1] = '';
      continue;
    }
    const starting = LIGATURES.map((lig) => lig + tail).find(isLigatureWord);
    if (starting && !isWord(tail)) tokens[i] = starting + rest;
  }
  return tokens.join('');
}

/** A fragment that is itself a common word is not treated as damaged ("and", "cer" is not). */
function isWord(fragment: string): boolean {
  return fragment.length > 4 || COMMON_SHORT_WORDS.has(fragment.toLowerCase());
}

const COMMON_SHORT_WORDS = new Set(['a', 'an', 'and', 'as', 'at', 'by', 'for', 'in', 'is', 'of', 'on', 'or', 'the', 'to']);

const SUFFIXES = [
  '',
  's',
  'es',
  'e',
  'd',
  'ed',
  'er',
  'ers',
  'ing',
  'al',
  'ally',
  'ity',
  'ation',
  'ations',
  'cation',
  'cations',
  'ion',
  'ions',
];

/** Every stem with every suffix, spelled out: each word of every line is looked up. */
const KNOWN_WORDS = new Set(LIGATURE_WORDS.flatMap((stem) => SUFFIXES.map((suffix) => stem + suffix)));

/** What follows a ligature in a known word ("cate" in "certificate"): the only fragments worth trying to join. */
const AFTER_LIGATURE = new Set<string>();
for (const word of KNOWN_WORDS) {
  for (let at = 0; at < word.length; at++) {
    for (const lig of LIGATURES) if (word.startsWith(lig, at)) AFTER_LIGATURE.add(word.slice(at + lig.length));
  }
}

function isLigatureWord(word: string): boolean {
  return KNOWN_WORDS.has(word.toLowerCase());
}

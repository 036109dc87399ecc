import type { Analyte } from './analyte';
import { allForms, getAnalyte, lookupForm } from './analyte-catalog';
import { compactName, isInternalStandard, readElementName } from './analyte-name';
import { parsePanel, type PanelKey } from './panel';

export interface AnalyteCandidate {
  key: string;
  name: string;
  /** Similarity 0–1 of the printed name to the candidate's closest spelling (1 for an ambiguity). */
  score: number;
}

export type ResolveAnalyteResult =
  | { ok: true; analyte: Analyte }
  | {
      ok: false;
      name: string;
      candidates: AnalyteCandidate[];
      /** unknown: no spelling matched · ambiguous: several did · internal_standard: not a result row. */
      reason: 'unknown' | 'ambiguous' | 'internal_standard';
    };

export interface ResolveAnalyteOptions {
  /** The section heading or panel key the name was printed under. */
  panelHint?: string;
  /** Score candidates for an unknown name (default). Off, an unknown name comes back with none. */
  suggest?: boolean;
}

export type AnalyteResolver = (name: string, opts?: ResolveAnalyteOptions) => ResolveAnalyteResult;

/** Parenthetical notes that change what is measured: "Total THC (dry)" is not total THC as received. */
const MEANINGFUL_NOTE = /\b(dry|dwb|dry weight|wet)\b/i;

/**
 * Resolves a printed analyte name to the catalog by exact match on its compact form only, trying in
 * order: the whole name; ICP-MS element names ("As 75"); then its parts — the name without trailing
 * notes ("Moisture (%)"), the note itself ("Cannabidiol (CBD)"), and both sides of a descriptive
 * " - " ("THCA - tetrahydrocannabinolic acid") — when the parts agree on one analyte.
 * Similarity is only used to suggest candidates for a name that did not resolve; it never resolves one.
 * `panelHint` is the section heading or panel key; it enables panel-only aliases ("B1" under Mycotoxins)
 * and picks between analytes of different panels sharing a spelling.
 */
export function resolveAnalyte(name: string, opts: ResolveAnalyteOptions = {}): ResolveAnalyteResult {
  const suggest = opts.suggest !== false;
  const panel = opts.panelHint ? parsePanel(opts.panelHint) : null;
  const cleaned = name
    .normalize('NFKC')
    .replace(/\s+/g, ' ')
    .replace(/[\s*†‡]+$/, '')
    .trim();
  if (cleaned === '') return { ok: false, name, candidates: [], reason: 'unknown' };
  if (isInternalStandard(cleaned)) return { ok: false, name, candidates: [], reason: 'internal_standard' };

  const whole = resolveForm(cleaned, panel);
  if (whole.length === 1) return { ok: true, analyte: whole[0] };
  if (whole.length > 1) return ambiguous(name, whole);
  if (MEANINGFUL_NOTE.test(cleaned.replace(/^[^(]*/, ''))) return unknown(name, panel, suggest);

  const fromParts = new Map<string, Analyte>();
  for (const part of partsOf(cleaned)) {
    for (const analyte of resolveForm(part, panel)) fromParts.set(analyte.key, analyte);
  }
  if (fromParts.size === 1) return { ok: true, analyte: [...fromParts.values()][0] };
  if (fromParts.size > 1) return ambiguous(name, [...fromParts.values()]);
  return unknown(name, panel, suggest);
}

/**
 * A resolver that answers each distinct (name, panel hint, suggest) once, for one file: an export repeats the
 * same names on every sample, and a hostile one may name thousands of different ones.
 */
export function memoizedResolver(): AnalyteResolver {
  const answers = new Map<string, ResolveAnalyteResult>();
  return (name, opts = {}) => {
    const key = `${opts.suggest === false ? 0 : 1}\u0000${opts.panelHint ?? ''}\u0000${name}`;
    let answer = answers.get(key);
    if (!answer) {
      answer = resolveAnalyte(name, opts);
      answers.set(key, answer);
    }
    return answer;
  };
}

function resolveForm(text: string, panel: PanelKey | null): Analyte[] {
  const element = readElementName(text);
  if (element?.kind === 'metal') {
    const metal = getAnalyte(element.key);
    return metal ? [metal] : [];
  }
  return lookupForm(compactName(text), panel);
}

function partsOf(name: string): string[] {
  const parts: string[] = [];
  const note = /^(.*?)\s*\(([^()]*)\)\s*$/.exec(name);
  if (note && note[1] !== '') parts.push(note[1], note[2]);
  const described = name.split(/\s[-\u2013\u2014]\s/);
  if (described.length === 2) parts.push(described[0], described[1]);
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

function ambiguous(name: string, analytes: Analyte[]): ResolveAnalyteResult {
  return {
    ok: false,
    name,
    reason: 'ambiguous',
    candidates: analytes.map((a) => ({ key: a.key, name: a.name, score: 1 })),
  };
}

const MAX_CANDIDATES = 5;
const MIN_SCORE = 0.5;

function unknown(name: string, panel: PanelKey | null, suggest: boolean): ResolveAnalyteResult {
  return { ok: false, name, reason: 'unknown', candidates: suggest ? suggestAnalytes(name, panel) : [] };
}

interface CandidateForm {
  analyte: Analyte;
  form: string;
  bigrams: Map<string, number>;
  size: number;
}

let candidateIndex: CandidateForm[] | null = null;

/** Every catalog form with its bigrams, built once: deriving the forms anew cost milliseconds per unknown name. */
function candidateForms(): CandidateForm[] {
  candidateIndex ??= allForms().map(({ analyte, form }) => {
    const grams = bigrams(form);
    return { analyte, form, bigrams: countOf(grams), size: grams.length };
  });
  return candidateIndex;
}

/** Closest catalog analytes to a name by character-bigram similarity (Sørensen–Dice), best first. */
export function suggestAnalytes(name: string, panel: PanelKey | null = null): AnalyteCandidate[] {
  const target = compactName(name);
  const targetGrams = bigrams(target);
  const best = new Map<string, { analyte: Analyte; score: number }>();
  for (const { analyte, form, bigrams: pool, size } of candidateForms()) {
    let score = target === form ? 1 : dice(targetGrams, pool, size);
    if (panel && analyte.panel === panel) score = Math.min(1, score + 0.05);
    const seen = best.get(analyte.key);
    if (!seen || score > seen.score) best.set(analyte.key, { analyte, score });
  }
  return [...best.values()]
    .filter((c) => c.score >= MIN_SCORE)
    .sort((x, y) => y.score - x.score || x.analyte.key.localeCompare(y.analyte.key))
    .slice(0, MAX_CANDIDATES)
    .map((c) => ({ key: c.analyte.key, name: c.analyte.name, score: Math.round(c.score * 100) / 100 }));
}

function bigrams(s: string): string[] {
  if (s.length < 2) return [s];
  const out: string[] = [];
  for (let i = 0; i < s.length - 1; i++) out.push(s.slice(i, i + 2));
  return out;
}

function countOf(grams: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const g of grams) counts.set(g, (counts.get(g) ?? 0) + 1);
  return counts;
}

/** Dice coefficient of a name's bigrams against a form's bigram counts (a multiset: each shared once). */
function dice(x: string[], pool: ReadonlyMap<string, number>, poolSize: number): number {
  let shared = 0;
  const used = new Map<string, number>();
  for (const g of x) {
    const n = pool.get(g) ?? 0;
    const u = used.get(g) ?? 0;
    if (u < n) {
      shared++;
      used.set(g, u + 1);
    }
  }
  return (2 * shared) / (x.length + poolSize);
}

// The architecture (../shared/DESIGN.md, README "Design notes") as per-folder import bans. Each entry names the
// folder it governs, what it may not import, and why; test/architecture/lint-boundaries.spec.ts proves each entry
// fails a deliberately bad file.

/** Import patterns that reach a src/ folder from anywhere in src/ or test/ (relative paths of any depth). */
const folder = (name) => [`**/${name}`, `**/${name}/**`, `../${name}`, `../${name}/**`, `./${name}/**`];

const NEST_AND_ORM = ['@nestjs/*', '@mikro-orm/*', 'node:fs', 'fs', 'node:fs/promises', 'fs/promises'];

/** @type {{files: string[], patterns: {group: string[], message: string}[]}[]} */
const BOUNDARIES = [
  {
    files: ['src/catalog/**/*.ts'],
    patterns: [
      { group: NEST_AND_ORM, message: 'catalog/ is pure domain code: no Nest, no ORM, no file system.' },
      {
        group: [
          'limits',
          'samples',
          'ingest',
          'results',
          'outbox',
          'state-system',
          'web',
          'auth',
          'db',
          'files',
          'licensee',
          'simulator',
        ].flatMap(folder),
        message: 'catalog/ depends on nothing else in src/.',
      },
    ],
  },
  {
    files: ['src/limits/**/*.ts'],
    patterns: [
      { group: NEST_AND_ORM, message: 'limits/ is pure domain code: no Nest, no ORM, no file system.' },
      {
        group: [
          'samples',
          'ingest',
          'results',
          'outbox',
          'state-system',
          'web',
          'auth',
          'db',
          'files',
          'licensee',
          'simulator',
        ].flatMap(folder),
        message: 'limits/ depends only on catalog/.',
      },
    ],
  },
  {
    // The pipeline's pure steps: parsed rows → normalized rows → planned drafts (ImportService does the I/O).
    files: ['src/ingest/pipeline.ts', 'src/ingest/plan-drafts.ts', 'src/ingest/pending-calculations.ts'],
    patterns: [{ group: NEST_AND_ORM, message: 'the pipeline steps are pure: no Nest, no ORM, no file system.' }],
  },
  {
    files: ['src/results/**/*.ts'],
    patterns: [
      { group: folder('ingest'), message: 'results/ never imports ingest/: shared types live in results/ or files/.' },
      {
        group: folder('state-system'),
        message: 'results/ enqueues through the interface outbox/ owns, never state-system code.',
      },
    ],
  },
  {
    files: ['src/state-system/**/*.ts'],
    patterns: [{ group: folder('results'), message: 'state-system/ speaks the port; it never imports results/.' }],
  },
  {
    files: ['src/web/**/*.ts'],
    patterns: [{ group: ['@mikro-orm/*'], message: 'web pages read and write through services, never the ORM.' }],
  },
];

/** Bans that hold in every src/ folder but the one that owns the thing. */
const EVERYWHERE = [
  {
    owner: 'src/outbox/',
    pattern: {
      group: ['**/outbox/submission.entity', '**/submission.entity'],
      message: 'only outbox/ touches the Submission entity.',
    },
  },
];

// ESLint keeps one setting of a rule per file (the last matching config wins), so each src/ file gets exactly one
// entry: its folder's bans plus the bans that hold everywhere, or those alone for folders without bans of their own.
const everywhereFor = (prefix) => EVERYWHERE.filter((e) => !prefix.startsWith(e.owner)).map((e) => e.pattern);

const entries = [
  ...BOUNDARIES.map(({ files, patterns }) => ({ files, patterns: [...patterns, ...everywhereFor(files[0])] })),
  {
    files: ['src/**/*.ts'],
    // db/ registers every entity with the ORM; outbox/ owns the Submission.
    ignores: [...BOUNDARIES.flatMap((b) => b.files), 'src/outbox/**', 'src/db/**'],
    patterns: everywhereFor('src/'),
  },
];

export const ARCHITECTURE = entries.map(({ files, ignores, patterns }) => ({
  files,
  ...(ignores ? { ignores } : {}),
  rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns }] },
}));

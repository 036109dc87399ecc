import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

/**
 * The architecture's import bans (eslint.architecture.mjs) each fail a deliberately bad file, and leave a good one
 * alone. ESLint runs in a child process: its config is an ES module, which Jest's CommonJS runtime cannot load.
 */
const ROOT = path.resolve(__dirname, '..', '..');

interface Case {
  name: string;
  filePath: string;
  code: string;
  /** A fragment of the ban's message, or null where the import is allowed. */
  banned: string | null;
}

const CASES: Case[] = [
  {
    name: 'catalog imports Nest',
    filePath: 'src/catalog/bad.ts',
    code: "import { Injectable } from '@nestjs/common';\nexport const x = Injectable;\n",
    banned: 'catalog/ is pure',
  },
  {
    name: 'catalog imports the ORM',
    filePath: 'src/catalog/bad.ts',
    code: "import { Entity } from '@mikro-orm/core';\nexport const x = Entity;\n",
    banned: 'catalog/ is pure',
  },
  {
    name: 'catalog imports the file system',
    filePath: 'src/catalog/bad.ts',
    code: "import * as fs from 'node:fs';\nexport const x = fs;\n",
    banned: 'catalog/ is pure',
  },
  {
    name: 'catalog imports results',
    filePath: 'src/catalog/bad.ts',
    code: "import { x } from '../results/result.entity';\nexport const y = x;\n",
    banned: 'catalog/ depends on nothing',
  },
  {
    name: 'limits imports samples',
    filePath: 'src/limits/bad.ts',
    code: "import { x } from '../samples/sample.entity';\nexport const y = x;\n",
    banned: 'limits/ depends only on catalog',
  },
  {
    name: 'limits imports the catalog',
    filePath: 'src/limits/good.ts',
    code: "import { x } from '../catalog';\nexport const y = x;\n",
    banned: null,
  },
  {
    name: 'a pipeline step imports the ORM',
    filePath: 'src/ingest/plan-drafts.ts',
    code: "import { EntityManager } from '@mikro-orm/core';\nexport const x = EntityManager;\n",
    banned: 'the pipeline steps are pure',
  },
  {
    name: 'results imports ingest',
    filePath: 'src/results/bad.ts',
    code: "import { x } from '../ingest/parsed-batch';\nexport const y = x;\n",
    banned: 'results/ never imports ingest/',
  },
  {
    name: 'results imports a state system',
    filePath: 'src/results/bad.ts',
    code: "import { x } from '../state-system/state-system.port';\nexport const y = x;\n",
    banned: 'results/ enqueues through',
  },
  {
    name: 'a state system imports results',
    filePath: 'src/state-system/metrc-ny/bad.ts',
    code: "import { x } from '../../results/result.entity';\nexport const y = x;\n",
    banned: 'state-system/ speaks the port',
  },
  {
    name: 'a web page imports the ORM',
    filePath: 'src/web/bad.page.ts',
    code: "import { EntityManager } from '@mikro-orm/core';\nexport const x = EntityManager;\n",
    banned: 'never the ORM',
  },
  {
    name: 'a web page imports the Submission entity',
    filePath: 'src/web/bad.page.ts',
    code: "import { Submission } from '../outbox/submission.entity';\nexport const x = Submission;\n",
    banned: 'only outbox/ touches',
  },
  {
    name: 'samples imports the Submission entity',
    filePath: 'src/samples/bad.ts',
    code: "import { Submission } from '../outbox/submission.entity';\nexport const x = Submission;\n",
    banned: 'only outbox/ touches',
  },
  {
    name: 'the outbox imports its Submission entity',
    filePath: 'src/outbox/good.ts',
    code: "import { Submission } from './submission.entity';\nexport const x = Submission;\n",
    banned: null,
  },
];

/** Lints every case in one ESLint process; answers each case's restricted-import messages. */
function lintCases(cases: Case[]): string[][] {
  const script = `
    const { ESLint } = require('eslint');
    const cases = JSON.parse(process.argv[1]);
    (async () => {
      const eslint = new ESLint({ cwd: ${JSON.stringify(ROOT)} });
      const out = [];
      for (const c of cases) {
        const [result] = await eslint.lintText(c.code, { filePath: c.filePath });
        out.push(result.messages.filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message));
      }
      process.stdout.write(JSON.stringify(out));
    })().catch((e) => { process.stderr.write(String(e && e.stack || e)); process.exit(1); });
  `;
  const run = spawnSync(process.execPath, ['-e', script, JSON.stringify(cases)], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (run.status !== 0) throw new Error(`ESLint did not run: ${run.stderr}`);
  return JSON.parse(run.stdout) as string[][];
}

describe('the architecture as lint rules', () => {
  const messages = lintCases(CASES);

  it.each(CASES.map((c, i) => [c.name, c, i] as const))('%s', (_name, c, i) => {
    if (c.banned === null) expect(messages[i]).toEqual([]);
    else expect(messages[i].join('\n')).toContain(c.banned);
  });
});

import * as path from 'node:path';
import { InvalidCoaLayout, loadCoaLayouts, parseCoaLayout } from './coa-layout.loader';

const TEMPLATES = path.resolve(__dirname, '../../../templates/coa');

/** The smallest valid descriptor; each case below breaks one thing in it. */
function minimal(): Record<string, unknown> {
  return {
    id: 'coa-minimal',
    title: 'Minimal',
    version: '1',
    detect: { all: ['Example Lab'], score: 50 },
    metadata: [{ field: 'labSampleId', pattern: '^Sample:\\s*(?<value>\\S+)' }],
    statusWords: ['Pass'],
    valueWords: ['ND'],
    unitWords: ['%'],
    table: {
      columns: [
        { headers: ['Analyte'], roles: ['analyte'] },
        { headers: ['Result'], roles: ['result'] },
      ],
    },
  };
}

describe('CoA layout descriptors', () => {
  it('loads every descriptor in templates/coa', () => {
    const ids = loadCoaLayouts(TEMPLATES).map((l) => l.id);
    expect(ids).toEqual([
      'coa-act-laboratories',
      'coa-cannasafe',
      'coa-confident-cannabis',
      'coa-confident-lims',
      'coa-generic',
      'coa-green-leaf-lab',
      'coa-kaycha',
      'coa-mcr-labs',
      'coa-sc-labs',
      'coa-steep-hill',
    ]);
  });

  it('accepts the minimal descriptor', () => {
    expect(parseCoaLayout('minimal.json', JSON.stringify(minimal())).id).toBe('coa-minimal');
  });

  it.each<[string, (d: Record<string, unknown>) => unknown, string]>([
    ['an unknown key', (d) => ({ ...d, colour: 'green' }), 'minimal.json: (root): Unrecognized key: "colour"'],
    [
      'no analyte column',
      (d) => ({
        ...d,
        table: {
          columns: [
            { headers: ['LOQ'], roles: ['loq'] },
            { headers: ['Result'], roles: ['result'] },
          ],
        },
      }),
      'minimal.json: table.columns: no column has the role "analyte"',
    ],
    [
      'a metadata pattern without a value group',
      (d) => ({ ...d, metadata: [{ field: 'batch', pattern: '^Batch:' }] }),
      'minimal.json: metadata[0].pattern: the pattern must capture the value in (?<value>…), or set `stack`',
    ],
    [
      'a pattern that is not a regular expression',
      (d) => ({ ...d, metadata: [{ field: 'batch', pattern: '^Batch: (?<value>[' }] }),
      'minimal.json: metadata[0].pattern: not a valid regular expression',
    ],
    [
      'a stack offset of 0',
      (d) => ({ ...d, metadata: [{ field: 'clientName', pattern: '^Client$', stack: 0 }] }),
      'minimal.json: metadata[0].stack: stack offset cannot be 0',
    ],
    [
      'an extra column key that is not camelCase',
      (d) => ({
        ...d,
        table: { columns: [...(d.table as { columns: unknown[] }).columns, { headers: ['mg/g'], roles: ['extra:Mg-G'] }] },
      }),
      'minimal.json: table.columns[2].roles[0]',
    ],
    [
      'an id that does not match the file name',
      (d) => ({ ...d, id: 'coa-other' }),
      'minimal.json: id: expected "coa-minimal" (coa- and the file name), got "coa-other"',
    ],
  ])('refuses %s, naming the file and the JSON path', (_case, breakIt, message) => {
    expect(() => parseCoaLayout('minimal.json', JSON.stringify(breakIt(minimal())))).toThrow(InvalidCoaLayout);
    expect(() => parseCoaLayout('minimal.json', JSON.stringify(breakIt(minimal())))).toThrow(message);
  });

  it('refuses a file that is not JSON, naming it', () => {
    expect(() => parseCoaLayout('broken.json', '{ "id": ')).toThrow(/^broken\.json: not valid JSON: /);
  });
});

import { delimited, encodeText, type GeneratedFile } from './fixture-file';

/**
 * An export in a format no built-in template describes (a Chromeleon-style summary re-saved by a European PC):
 * a header block, then one row per injection and component, `;`-delimited with comma decimals, a unit and an
 * LOQ column, blanks and a check standard among the samples. Used to teach the service a new format.
 */
export function unseenFormatExport(
  samples: Array<{ id: string; results: Record<string, string> }>,
  name = 'chromeleon-style-summary.csv',
): GeneratedFile {
  const rows: Array<Array<string | number>> = [
    ['Summary Report'],
    ['Sequence', 'POT-2026-12-06'],
    ['Operator', 'tara'],
    [],
    ['Injection Name', 'Inj. Type', 'Component', 'Amount', 'Unit', 'LOQ', 'Ret.Time'],
  ];
  const all = [
    { id: 'Blank 1', type: 'Blank', results: Object.fromEntries(Object.keys(samples[0].results).map((k) => [k, 'n.a.'])) },
    ...samples.map((s) => ({ ...s, type: 'Unknown' })),
    { id: 'CCV 1', type: 'Check Standard', results: samples[0].results },
  ];
  for (const s of all)
    for (const [component, amount] of Object.entries(s.results))
      rows.push([s.id, s.type, component, amount, 'mg/g', '0,50', '3,21']);
  return { name, bytes: encodeText(delimited(rows, ';', '\r\n'), 'utf-8') };
}

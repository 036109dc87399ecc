import { GENERIC_LONG_MAPPING } from '../../test/generators/instruments/encoding-fixtures';

/** Ten cannabinoids as an HPLC potency export names them, in %. */
const ANALYTES = ['THCa', 'Δ9-THC', 'CBDa', 'CBD', 'CBGa', 'CBG', 'CBN', 'CBC', 'THCV', 'CBDV'];

/** Lab sample ids of a generated run: `BENCH-<run>-<n>`, n zero-padded. */
export function benchSampleIds(run: string, samples: number): string[] {
  return Array.from({ length: samples }, (_, i) => `BENCH-${run}-${String(i + 1).padStart(5, '0')}`);
}

/**
 * A long CSV (Sample, Analyte, Result, Units, LOQ): `samples` × 10 cannabinoids, values printed with the
 * digits an instrument prints, about one in seven a non-detect. Deterministic, so each run reads the same bytes.
 */
export function longCsv(
  run: string,
  samples: number,
): { name: string; bytes: Buffer; results: number; sampleIds: string[]; fields: Record<string, string> } {
  const sampleIds = benchSampleIds(run, samples);
  const lines = ['Sample,Analyte,Result,Units,LOQ'];
  let seed = 7;
  const next = () => (seed = (seed * 48271) % 2147483647);
  for (const id of sampleIds) {
    for (const analyte of ANALYTES) {
      const r = next();
      const result = r % 7 === 0 ? 'ND' : ((r % 30000) / 1000).toFixed(3);
      lines.push(`${id},${analyte},${result},%,0.010`);
    }
  }
  return {
    name: `long-${run}.csv`,
    bytes: Buffer.from(lines.join('\r\n') + '\r\n', 'utf8'),
    results: sampleIds.length * ANALYTES.length,
    sampleIds,
    fields: { template: 'generic-long', mapping: JSON.stringify(GENERIC_LONG_MAPPING) },
  };
}

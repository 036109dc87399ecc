import { METALS, MICRO, OTHER_FLOWER_PANELS, POTENCY, type SourceRow } from './factories/result-set.factory';

/**
 * The rows of every panel New York requires for flower (the factory's sources), for tests that build sets through
 * HTTP imports or manual entry and must release them: `except` leaves out the names a test reports itself.
 */
export function flowerRows(except: readonly string[] = []): SourceRow[] {
  return [POTENCY, METALS, MICRO, ...OTHER_FLOWER_PANELS].flatMap((s) => s.rows).filter((r) => !except.includes(r.name));
}

/** The same rows as CSV lines `sample,analyte,result,unit` of a long export. */
export function flowerCsvRows(labSampleId: string, except: readonly string[] = []): Array<[string, string, string, string]> {
  return flowerRows(except).map((r) => [labSampleId, r.name, r.value, r.unit]);
}

/**
 * The same rows as manual-entry results (`value` or `qualifier`, with the unit). A person types no LOQ, so "<LOQ"
 * (which could not be compared with a limit without one) is entered as ND.
 */
export function flowerEntryResults(except: readonly string[] = [], panels?: ReadonlyArray<readonly SourceRow[]>) {
  const rows = panels ? panels.flat() : flowerRows(except);
  return rows
    .filter((r) => !except.includes(r.name))
    .map((r) =>
      /^\d/.test(r.value)
        ? { analyte: r.name, value: r.value, unit: r.unit }
        : { analyte: r.name, qualifier: r.value === '<LOQ' ? 'ND' : r.value, unit: r.unit },
    );
}

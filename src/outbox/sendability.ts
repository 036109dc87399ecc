/**
 * The state system's answer to "can you send this?", asked before submit and approve without sending anything.
 * `refused`: the mapping cannot express the result (the submission would stop); `dropped`: it would be left out.
 */
export interface SendabilityProblem {
  /** The analyte concerned; null for the sample as a whole (no UID, say). */
  analyte: string | null;
  effect: 'refused' | 'dropped';
  reason: string;
  fix: string;
}

/** Splits an adapter's "analyte: reason" lines into problems, naming the analyte when the line starts with one. */
export function problemsFromLines(
  lines: readonly string[],
  analytes: readonly string[],
  effect: SendabilityProblem['effect'],
  fix: string,
): SendabilityProblem[] {
  return lines.map((line) => {
    const analyte = analytes.find((a) => line.startsWith(`${a}: `)) ?? null;
    return { analyte, effect, reason: analyte ? line.slice(analyte.length + 2) : line, fix };
  });
}

/** A sample the state system cannot be told about: it has neither a UID (tag) nor the state's id of the lab sample. */
export function missingUid(sample: { labSampleId: string; uid: string | null; stateRef: string | null }): SendabilityProblem[] {
  if (sample.uid !== null || sample.stateRef !== null) return [];
  return [
    {
      analyte: null,
      effect: 'refused',
      reason: `sample ${sample.labSampleId} has no state UID, so the state system cannot be told which item these results are for`,
      fix: 'give the sample its UID (tag) on the sample page, or register it through the state system sync',
    },
  ];
}

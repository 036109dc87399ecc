import { InvalidRequest } from './simulator-error';

export type SampleRef = { by: 'id'; id: number } | { by: 'uid'; uid: string };

/**
 * `{id}` of the sample endpoints: a LabSample.ID (an integer of up to 9 digits) or, when accepted, the sample's
 * 16-digit UID [assumed]. Anything else, such as a 15-digit number, is a 400 rather than a guess.
 */
export function parseSampleRef(text: string, acceptUid: boolean): SampleRef {
  if (/^\d{16}$/.test(text)) {
    if (!acceptUid)
      throw new InvalidRequest(`id: expected a LabSample.ID; UIDs are not accepted here (behaviour.acceptUidAsSampleId is off)`);
    return { by: 'uid', uid: text };
  }
  if (/^[1-9]\d{0,8}$/.test(text)) return { by: 'id', id: Number(text) };
  throw new InvalidRequest(
    acceptUid
      ? `id: expected a LabSample.ID (an integer) or a UID (a string of exactly 16 digits), got "${text}"`
      : `id: expected a LabSample.ID (an integer), got "${text}"`,
  );
}

export function parseUidParam(text: string): string {
  if (!/^\d{16}$/.test(text)) throw new InvalidRequest(`id: expected a UID: a string of exactly 16 digits, got "${text}"`);
  return text;
}

export function parseTransferId(text: string): number {
  if (!/^[1-9]\d{0,8}$/.test(text)) throw new InvalidRequest(`id: expected an InventoryTransfer.ID (an integer), got "${text}"`);
  return Number(text);
}

/**
 * What a person must do about a submission the state system refused after release, the same for both state systems.
 * The outbox stops such a submission at `needs_action` (never "gave up") with one of these; the submissions page says
 * what to do and offers Retry only where sending the same thing again can then succeed.
 */
export type NeededAction = 'amend' | 'register_sample' | 'contact_regulator' | 'fix_setup';

export interface NeededActionText {
  /** The step, in the imperative, for the page and notifications. */
  whatToDo: string;
  /** Whether sending the same submission again can succeed once the person has acted. */
  retryHelps: boolean;
}

export const NEEDED_ACTIONS: Readonly<Record<NeededAction, NeededActionText>> = {
  amend: {
    whatToDo:
      'Amend the result set (Amend on its review page) to correct what the state system refused; approving the amendment sends it in place of this one.',
    retryHelps: false,
  },
  register_sample: {
    whatToDo:
      'Register the sample in the state system: give it its UID, or receive its transfer at the lab there (or through the state system sync); then send it again.',
    retryHelps: true,
  },
  contact_regulator: {
    whatToDo:
      "Contact the regulator (OCM) or the state system's support with the error shown; send it again once they have corrected it on their side.",
    retryHelps: true,
  },
  fix_setup: {
    whatToDo:
      "Correct the service's state-system settings or mapping named in the error (an administrator), restart it, then send it again.",
    retryHelps: true,
  },
};

/**
 * The action for a refusal that does not name one, from the HTTP status the state system answered: the content was
 * refused (400, 422: amend), the sample is unknown to it (404, 410: register), the lab may not do this or the state
 * holds something in the way (403, 409: the regulator); anything else goes to the regulator too.
 */
export function neededActionFor(status: number | undefined): NeededAction {
  if (status === 400 || status === 422) return 'amend';
  if (status === 404 || status === 410) return 'register_sample';
  return 'contact_regulator';
}

export const isNeededAction = (value: unknown): value is NeededAction =>
  typeof value === 'string' && Object.prototype.hasOwnProperty.call(NEEDED_ACTIONS, value);

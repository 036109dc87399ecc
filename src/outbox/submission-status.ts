/** The outbox's statuses, readable by pages without the entity. */
export const SUBMISSION_STATUSES = [
  'pending',
  'sending',
  'accepted',
  'retry',
  'dead',
  'awaiting_release',
  'manual_correction_required',
  'needs_action',
  'superseded',
] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];

/**
 * Statuses that wait for a person: a manager's release (Metrc), a correction in the state system's own interface, or
 * the action a refusal asks for (`action`: amend, register the sample, contact the regulator, fix the setup).
 * Notifications hook here.
 */
export const NEEDS_A_PERSON: readonly SubmissionStatus[] = ['needs_action', 'manual_correction_required', 'awaiting_release'];

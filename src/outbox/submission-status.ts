/** The outbox's statuses, readable by pages without the entity. */
export const SUBMISSION_STATUSES = [
  'pending',
  'sending',
  'accepted',
  'retry',
  'dead',
  'awaiting_release',
  'manual_correction_required',
] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];

export const ROLES = ['technician', 'manager', 'licensee', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** "technician+" in the design: everyone who works in the lab. */
export const LAB_STAFF: readonly Role[] = ['technician', 'manager', 'admin'];
/** Those who review, release and watch the outbox. */
export const MANAGERS: readonly Role[] = ['manager', 'admin'];

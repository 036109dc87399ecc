/** The account the watched folder imports as, as the user store holds it. */
export interface WatchAccount {
  role: string;
  active: boolean;
}

/**
 * Why the folder may not import as `username`, or null when it may. Its imports are that person's work for the
 * two-person rule, so only an active technician qualifies: a manager's folder would let them approve their own
 * imports. Each message names the variable and the fix.
 */
export function watchAccountProblem(username: string, account: WatchAccount | null): string | null {
  const until = 'the watched folder is not processed until then';
  if (!account) {
    return `WATCH_TECHNICIAN "${username}" names no user: create that technician (POST /api/users with role technician) or name an existing one; ${until}`;
  }
  if (account.role !== 'technician') {
    return `WATCH_TECHNICIAN "${username}" has role ${account.role}, not technician: the folder's imports are recorded as that person's work, and whoever imports results may not approve them, so name an active technician's account; ${until}`;
  }
  if (!account.active) {
    return `WATCH_TECHNICIAN "${username}" is deactivated: name an active technician's account; ${until}`;
  }
  return null;
}

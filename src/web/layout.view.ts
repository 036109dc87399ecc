import type { Actor } from '../auth/actor';
import { LAB_STAFF, MANAGERS, type Role } from '../auth/role';
import type { NotificationList } from '../notifications/notification';
import type { Flash } from '../auth/web-session.store';
import type { SigningView } from './signing.view';

export interface NavLink {
  href: string;
  label: string;
  current: boolean;
}

/** What every page's frame shows: who is signed in, where they may go, and whether anything leaves the machine. */
export interface LayoutView {
  user: { username: string; role: Role } | null;
  nav: NavLink[];
  csrfToken: string | null;
  flash: Flash[];
  /** Shown on every page when the service talks to the built-in simulator instead of BioTrack NY. */
  /** The state system whose built-in simulator the service reports to; null when it reports to a live system. */
  simulatorBanner: string | null;
  /** What needs a manager's action, on every page they see; null for everyone else. */
  bell: BellView | null;
  /** What a signed form on this page offers besides the password (managers only). */
  signing: SigningView | null;
}

export interface BellView {
  count: number;
  /** Something is late or needs action (not only sets waiting for review). */
  urgent: boolean;
  label: string;
  items: Array<{ title: string; href: string; severity: string }>;
  more: number;
}

export function toBellView(list: NotificationList): BellView {
  const urgent = list.counts.submission_needs_action + list.counts.submission_late > 0;
  const items = list.items.slice(0, 5).map((n) => ({ title: n.title, href: n.href, severity: n.severity }));
  return {
    count: list.total,
    urgent,
    label:
      list.total === 0
        ? 'Notifications: nothing needs action'
        : `Notifications: ${list.total} need${list.total === 1 ? 's' : ''} action`,
    items,
    more: Math.max(0, list.total - items.length),
  };
}

const LINKS: ReadonlyArray<{ href: string; label: string; roles: readonly Role[] }> = [
  { href: '/dashboard', label: 'Dashboard', roles: LAB_STAFF },
  { href: '/samples', label: 'Samples', roles: LAB_STAFF },
  { href: '/intake', label: 'Intake', roles: LAB_STAFF },
  { href: '/upload', label: 'Upload', roles: LAB_STAFF },
  { href: '/review', label: 'Review', roles: LAB_STAFF },
  { href: '/submissions', label: 'Submissions', roles: MANAGERS },
  { href: '/manual-entry', label: 'Manual entry', roles: LAB_STAFF },
  { href: '/methods', label: 'Methods', roles: LAB_STAFF },
  { href: '/instrument-templates', label: 'Templates', roles: LAB_STAFF },
  { href: '/clients', label: 'Clients', roles: LAB_STAFF },
  { href: '/users', label: 'Users', roles: ['admin'] },
  { href: '/licensee', label: 'Results lookup', roles: ['licensee'] },
];

/** Where a person lands after signing in. */
export const landingPage = (role: Role): string => (role === 'licensee' ? '/licensee' : '/dashboard');

export function toLayoutView(input: {
  actor: Actor | undefined;
  path: string;
  csrfToken: string | null;
  flash: Flash[];
  simulatorOf: string | null;
  notifications?: NotificationList;
  signing?: SigningView | null;
}): LayoutView {
  const { actor } = input;
  return {
    user: actor ? { username: actor.username, role: actor.role } : null,
    nav: actor
      ? LINKS.filter((l) => l.roles.includes(actor.role)).map((l) => ({
          href: l.href,
          label: l.label,
          current:
            input.path === l.href ||
            input.path.startsWith(`${l.href}/`) ||
            (l.href === '/upload' && input.path.startsWith('/imports/')),
        }))
      : [],
    csrfToken: input.csrfToken,
    flash: input.flash,
    simulatorBanner: input.simulatorOf,
    bell: input.notifications && actor && MANAGERS.includes(actor.role) ? toBellView(input.notifications) : null,
    signing: input.signing ?? null,
  };
}

import { ROLES, type Role } from '../auth/role';
import type { ListedUser, SignInMethod, TokenView } from '../auth/user.service';
import { formatDateTime, type LabTime } from './format';

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  technician: 'Technician',
  manager: 'Manager',
  licensee: 'Licensee (client portal)',
  admin: 'Administrator',
};

const SIGN_IN_METHOD_LABELS: Readonly<Record<SignInMethod, string>> = {
  password: 'password',
  token: 'API token',
  sso: 'single sign-on',
};

export interface UserRow {
  id: string;
  username: string;
  fullName: string;
  title: string;
  role: Role;
  roleLabel: string;
  licenseNumber: string;
  email: string;
  active: boolean;
  passwordSet: boolean;
  createdAt: LabTime;
  /** Their last sign-in to the pages; null when they never signed in. */
  lastSignIn: { at: LabTime; method: string } | null;
  isSelf: boolean;
  tokens: Array<{ id: string; label: string; createdAt: LabTime; expiresAt: LabTime | null; state: string; live: boolean }>;
}

export interface UsersView {
  title: string;
  users: UserRow[];
  roles: Array<{ value: Role; label: string }>;
}

function tokenState(t: TokenView, now: number): { state: string; live: boolean } {
  if (t.revokedAt) return { state: `revoked ${formatDateTime(t.revokedAt).text}`, live: false };
  if (t.expiresAt && Date.parse(t.expiresAt) <= now) return { state: 'expired', live: false };
  return { state: 'valid', live: true };
}

export function toUsersView(users: Array<ListedUser & { tokens: TokenView[] }>, actorId: string, now = Date.now()): UsersView {
  return {
    title: 'Users',
    roles: ROLES.map((value) => ({ value, label: ROLE_LABELS[value] })),
    users: users.map((u) => ({
      id: u.id,
      username: u.username,
      fullName: u.fullName,
      title: u.title ?? '',
      role: u.role as Role,
      roleLabel: ROLE_LABELS[u.role as Role] ?? u.role,
      licenseNumber: u.licenseNumber ?? '',
      email: u.email ?? '',
      active: u.active,
      passwordSet: u.passwordSet,
      createdAt: formatDateTime(u.createdAt),
      lastSignIn: u.lastSignInAt
        ? {
            at: formatDateTime(u.lastSignInAt),
            method: u.lastSignInMethod ? SIGN_IN_METHOD_LABELS[u.lastSignInMethod] : '',
          }
        : null,
      isSelf: u.id === actorId,
      tokens: u.tokens.map((t) => ({
        id: t.id,
        label: t.label ?? '(no label)',
        createdAt: formatDateTime(t.createdAt),
        expiresAt: t.expiresAt ? formatDateTime(t.expiresAt) : null,
        ...tokenState(t, now),
      })),
    })),
  };
}

/** The page that shows a secret once: a new user's token and link, a reset link, or another API token. */
export interface ShownOnceView {
  title: string;
  heading: string;
  intro: string;
  secrets: Array<{ id: string; label: string; value: string; note: string }>;
  notes: string[];
}

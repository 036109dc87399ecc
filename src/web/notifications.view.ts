import { KIND_HEADINGS, NOTIFICATION_KINDS, type NotificationKind, type NotificationList } from '../notifications/notification';
import { labTime, type LabTime } from './format';

export interface NotificationsPageView {
  title: string;
  total: number;
  emailNote: string;
  sections: Array<{
    kind: NotificationKind;
    heading: string;
    count: number;
    more: number;
    when: string;
    items: Array<{ title: string; detail: string; href: string; severity: string; at: LabTime }>;
  }>;
}

const WHEN: Readonly<Record<NotificationKind, string>> = {
  submission_needs_action: 'deadline',
  submission_late: 'was due',
  submission_near_late: 'due',
  review_waiting: 'since',
};

export function toNotificationsPageView(list: NotificationList, timeZone: string, emailTo: string | null): NotificationsPageView {
  return {
    title: 'Notifications',
    total: list.total,
    emailNote: emailTo ?? 'Not e-mailed: SMTP_URL is not set, so notifications show here and on the bell only.',
    sections: NOTIFICATION_KINDS.map((kind) => {
      const items = list.items.filter((n) => n.kind === kind);
      return {
        kind,
        heading: KIND_HEADINGS[kind],
        count: list.counts[kind],
        more: list.counts[kind] - items.length,
        when: WHEN[kind],
        items: items.map((n) => ({ ...n, at: labTime(n.at, timeZone) })),
      };
    }),
  };
}

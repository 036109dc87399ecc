import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/core';
import { SchedulerRegistry } from '@nestjs/schedule';
import { createTransport, type Transporter } from 'nodemailer';
import { MANAGERS } from '../auth/role';
import { User } from '../auth/user.entity';
import { AppConfig, type MailConfig } from '../config/app-config';
import { formatLabTime } from '../licensee/lab-time';
import { KIND_HEADINGS, type Notification } from './notification';
import { NotificationEmail } from './notification-email.entity';
import { NotificationService } from './notification.service';

const INTERVAL_NAME = 'notification-email';
/** E-mails one poll sends at most; the rest go on the next polls (a first start with SMTP must not flood anyone). */
const PER_POLL = 20;
/** Sends of one event before it is given up (logged). */
const MAX_ATTEMPTS = 5;
/** A claim this old whose sender never recorded an outcome (it crashed) is taken over. */
const STALE_CLAIM_MS = 10 * 60 * 1000;

export interface MailRunSummary {
  sent: number;
  failed: number;
  /** Events already e-mailed (or being e-mailed by another instance). */
  skipped: number;
  recipients: number;
}

/**
 * E-mails each notification event once to the active managers and admins who have an e-mail address, through
 * SMTP_URL. Polls every NOTIFY_EMAIL_INTERVAL_SECONDS; the notification_emails table's unique event key makes
 * the e-mail of an event happen once across polls, restarts and instances.
 */
@Injectable()
export class NotificationMailer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Notifications');
  private transport: Transporter | null = null;
  private running: Promise<MailRunSummary> | null = null;
  private warnedNoRecipients = false;

  constructor(
    private readonly config: AppConfig,
    private readonly em: EntityManager,
    private readonly notifications: NotificationService,
    private readonly scheduler: SchedulerRegistry,
  ) {}

  onApplicationBootstrap(): void {
    const mail = this.config.mail;
    if (!mail) return;
    this.transport = createTransport(mail.url);
    const timer = setInterval(() => void this.tick(), mail.intervalMs);
    this.scheduler.addInterval(INTERVAL_NAME, timer);
    this.logger.log(`e-mailing notifications from ${mail.from} every ${mail.intervalMs / 1000} s`);
  }

  async onModuleDestroy(): Promise<void> {
    if (this.scheduler.doesExist('interval', INTERVAL_NAME)) this.scheduler.deleteInterval(INTERVAL_NAME);
    await this.running?.catch(() => undefined);
    this.transport?.close();
  }

  private async tick(): Promise<void> {
    try {
      await this.runOnce();
    } catch (e) {
      this.logger.error(`notification e-mail poll failed: ${(e as Error).message}`);
    }
  }

  /** One poll (also what tests call): e-mails the events not e-mailed yet. One poll at a time per instance. */
  runOnce(now = new Date()): Promise<MailRunSummary> {
    this.running ??= this.poll(now).finally(() => (this.running = null));
    return this.running;
  }

  private async poll(now: Date): Promise<MailRunSummary> {
    const mail = this.config.mail;
    const summary: MailRunSummary = { sent: 0, failed: 0, skipped: 0, recipients: 0 };
    if (!mail || !this.transport) return summary;
    const recipients = await this.recipients();
    summary.recipients = recipients.length;
    const { items } = await this.notifications.current(now);
    if (items.length === 0) return summary;
    if (recipients.length === 0) {
      if (!this.warnedNoRecipients) {
        this.logger.warn(
          `${items.length} notification(s) not e-mailed: no active manager or admin has an e-mail address (POST /api/users with "email")`,
        );
        this.warnedNoRecipients = true;
      }
      return summary;
    }
    this.warnedNoRecipients = false;
    for (const item of items) {
      if (summary.sent + summary.failed >= PER_POLL) break;
      const claim = await this.claim(item, recipients, now);
      if (!claim) {
        summary.skipped += 1;
        continue;
      }
      const ok = await this.send(mail, claim, item, recipients);
      if (ok) summary.sent += 1;
      else summary.failed += 1;
    }
    return summary;
  }

  private async recipients(): Promise<string[]> {
    const users = await this.em
      .fork()
      .find(User, { active: true, role: { $in: [...MANAGERS] }, email: { $ne: null } }, { orderBy: { username: 'asc' } });
    return users.map((u) => u.email!);
  }

  /** The row this instance may send for the event, or null when it was sent, is being sent, or was given up. */
  private async claim(item: Notification, recipients: string[], now: Date): Promise<NotificationEmail | null> {
    const em = this.em.fork();
    const row = new NotificationEmail({ eventKey: item.key, kind: item.kind, subject: subjectOf(item), recipients });
    try {
      await em.persist(row).flush();
      return row;
    } catch (e) {
      if (!(e instanceof UniqueConstraintViolationException)) throw e;
    }
    const existing = await em.fork().findOne(NotificationEmail, { eventKey: item.key });
    if (!existing || existing.status === 'sent' || existing.attempts >= MAX_ATTEMPTS) return null;
    const stale = now.getTime() - existing.updatedAt.getTime() > STALE_CLAIM_MS;
    if (existing.status === 'sending' && !stale) return null;
    // A failed send (or a crashed sender's claim) is taken again by compare-and-set on its attempt count.
    const taken = await em.nativeUpdate(
      NotificationEmail,
      { id: existing.id, status: existing.status, attempts: existing.attempts },
      { status: 'sending', attempts: existing.attempts + 1, recipients, updatedAt: new Date() },
    );
    return taken === 1 ? existing : null;
  }

  private async send(mail: MailConfig, row: NotificationEmail, item: Notification, recipients: string[]): Promise<boolean> {
    const em = this.em.fork();
    try {
      await this.transport!.sendMail({
        from: mail.from,
        to: recipients,
        subject: row.subject,
        text: bodyOf(item, this.config.publicUrl, this.config.lab.timeZone),
        headers: { 'X-LIMS-Event': item.key },
      });
      await em.nativeUpdate(
        NotificationEmail,
        { id: row.id },
        { status: 'sent', sentAt: new Date(), lastError: null, updatedAt: new Date() },
      );
      return true;
    } catch (e) {
      const message = (e as Error).message;
      await em.nativeUpdate(NotificationEmail, { id: row.id }, { status: 'failed', lastError: message, updatedAt: new Date() });
      this.logger.error(`notification e-mail "${row.subject}" failed: ${message}`);
      return false;
    }
  }
}

const subjectOf = (item: Notification): string => `[LIMS] ${item.title}`.slice(0, 300);

function bodyOf(item: Notification, publicUrl: string, timeZone: string): string {
  const when = item.kind === 'review_waiting' ? 'Since' : 'Reporting deadline';
  return [
    `${KIND_HEADINGS[item.kind]}`,
    '',
    item.title,
    item.detail,
    '',
    `${when}: ${formatLabTime(item.at, timeZone)} (${item.at.slice(0, 16).replace('T', ' ')} UTC)`,
    `Open: ${publicUrl}${item.href}`,
    '',
    'You receive this because you are a manager or admin of the LIMS Connector with an e-mail address on file.',
  ].join('\n');
}

import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { AppConfig } from '../config/app-config';
import { formatLabTime } from '../licensee/lab-time';
import type { IssuedLink } from './set-password.service';

export interface Invitee {
  username: string;
  fullName: string;
  email: string;
  licenseNumber: string;
}

/**
 * E-mails a licensee's invitation (their one-time set-password link) through SMTP_URL, when it is set. A
 * failed send is logged and reported to the admin, who still holds the link to pass on another way.
 */
@Injectable()
export class InvitationMailer implements OnModuleDestroy {
  private readonly logger = new Logger('Invitations');
  private transport: Transporter | null = null;

  constructor(private readonly config: AppConfig) {}

  get enabled(): boolean {
    return this.config.mail !== null;
  }

  /** True when the SMTP server took the message; false when there is no SMTP or it refused. */
  async sendInvitation(invitee: Invitee, link: IssuedLink): Promise<boolean> {
    const mail = this.config.mail;
    if (!mail) return false;
    this.transport ??= createTransport(mail.url);
    const lab = this.config.lab.name;
    try {
      await this.transport.sendMail({
        from: mail.from,
        to: invitee.email,
        subject: `${lab} invites you to see your test results`.slice(0, 300),
        text: invitationText(invitee, link, lab, this.config.lab.timeZone),
        headers: { 'X-LIMS-Event': 'invitation' },
      });
      return true;
    } catch (e) {
      this.logger.error(`invitation e-mail to ${invitee.email} failed: ${(e as Error).message}`);
      return false;
    }
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }
}

export function invitationText(invitee: Invitee, link: IssuedLink, lab: string, timeZone: string): string {
  return [
    `Hello ${invitee.fullName},`,
    '',
    `${lab} invites you to its results portal for license ${invitee.licenseNumber}.`,
    '',
    'There you will see the results the lab has released for product your license holds: the certificates of',
    'analysis (PDF), a summary of each (potency, pass or fail per panel), and the results as CSV and spreadsheets.',
    'You can find a lot by its state UID. You will not see other licensees’ results, nor results still in testing.',
    '',
    'To start, choose your password on this page (the link works once):',
    link.url,
    '',
    `Your username: ${invitee.username}`,
    `The link stops working on ${formatLabTime(link.expiresAt, timeZone)}. If it has, ask the lab for a new one.`,
    '',
    'If you did not expect this e-mail, you can ignore it: nothing happens until the link is used.',
  ].join('\n');
}

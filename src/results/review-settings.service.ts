import { Injectable } from '@nestjs/common';
import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/core';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { Conflict } from '../common/errors';
import type { UpdateReviewSettingsDto } from './review-settings.schemas';
import { Setting } from './setting.entity';

export const ALLOW_SELF_APPROVAL = 'review.allow_self_approval';

export interface ReviewSettingsView {
  allowSelfApproval: boolean;
  updatedBy: string | null;
  updatedAt: string | null;
}

/** The administrator's review switches; one-person approval is off unless an admin turns it on. */
@Injectable()
export class ReviewSettingsService {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
  ) {}

  /** Read inside the caller's transaction, so an approval sees the setting as of its own snapshot. */
  async allowSelfApproval(em: EntityManager): Promise<boolean> {
    const setting = await em.findOne(Setting, { key: ALLOW_SELF_APPROVAL });
    return setting?.value === true;
  }

  async get(): Promise<ReviewSettingsView> {
    return toView(await this.em.fork().findOne(Setting, { key: ALLOW_SELF_APPROVAL }));
  }

  async update(actor: Actor, dto: UpdateReviewSettingsDto): Promise<ReviewSettingsView> {
    try {
      const setting = await this.em.fork().transactional(async (em) => {
        const existing = await em.findOne(Setting, { key: ALLOW_SELF_APPROVAL });
        const before = existing?.value === true;
        const s = existing ?? new Setting(ALLOW_SELF_APPROVAL, dto.allowSelfApproval, actor.username);
        s.value = dto.allowSelfApproval;
        s.updatedBy = actor.username;
        em.persist(s);
        await this.audit.record(em, {
          actor: actor.username,
          action: 'setting.changed',
          entityType: 'setting',
          entityId: ALLOW_SELF_APPROVAL,
          before: { allowSelfApproval: before },
          after: { allowSelfApproval: dto.allowSelfApproval },
        });
        return s;
      });
      return toView(setting);
    } catch (e) {
      if (e instanceof UniqueConstraintViolationException)
        throw new Conflict('the review settings were changed concurrently; try again');
      throw e;
    }
  }
}

function toView(s: Setting | null): ReviewSettingsView {
  return { allowSelfApproval: s?.value === true, updatedBy: s?.updatedBy ?? null, updatedAt: s?.updatedAt.toISOString() ?? null };
}

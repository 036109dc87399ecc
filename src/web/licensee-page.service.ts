import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor';
import { NotFound } from '../common/errors';
import { LicenseeService } from '../licensee/licensee.service';
import { toLicenseeView, type LicenseeView } from './licensee.view';

/** The licensee's lookup page over LicenseeService: an unknown or foreign UID is a message on the page, not an error page. */
@Injectable()
export class LicenseePageService {
  constructor(private readonly licensee: LicenseeService) {}

  async view(actor: Actor, uid: string | undefined): Promise<LicenseeView> {
    if (!uid) return toLicenseeView(undefined, null);
    try {
      return toLicenseeView(uid, await this.licensee.results(actor, uid));
    } catch (e) {
      if (e instanceof NotFound) return toLicenseeView(uid, null);
      throw e;
    }
  }
}

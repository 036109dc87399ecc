import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor';
import { NotFound } from '../common/errors';
import { AppConfig } from '../config/app-config';
import { LicenseePortal } from '../licensee/licensee-portal.service';
import { LicenseeService, type LicenseeResults } from '../licensee/licensee.service';
import { HeldUid } from '../licensee/uid-input';
import { toLicenseeListView, type LicenseeListView } from './licensee-list.view';
import { toLicenseeView, type LicenseeView } from './licensee.view';
import type { LicenseeLookup } from './web-forms.schemas';

const PAGE_SIZE = 25;

export interface LicenseePageView extends LicenseeView {
  query: LicenseeLookup;
  /** The list of the licensee's own samples; null while one UID's results are shown. */
  list: LicenseeListView | null;
  /** Set when what was typed cannot be a UID, said on the page rather than refused. */
  invalidUid: string | null;
}

/**
 * The licensee's page over the same services as the API: its own samples as a list, or one UID's results.
 * A search that reads as a UID and matches none of its own samples is looked up as product it may have
 * received (the state system confirms the holder), so a retailer finds a lot by the UID on the certificate.
 * An unknown or foreign UID is a message on the page, the same for both.
 */
@Injectable()
export class LicenseePageService {
  constructor(
    private readonly licensee: LicenseeService,
    private readonly portal: LicenseePortal,
    private readonly config: AppConfig,
  ) {}

  async view(actor: Actor, query: LicenseeLookup): Promise<LicenseePageView> {
    if (query.uid !== undefined) {
      const uid = HeldUid.safeParse(query.uid);
      if (!uid.success) return { ...toLicenseeView(undefined, null), query, list: null, invalidUid: query.uid };
      return { ...toLicenseeView(uid.data, await this.lookup(actor, uid.data), this.tz), query, list: null, invalidUid: null };
    }
    const page = await this.portal.list(actor, {
      q: query.q,
      state: query.state,
      verdict: query.verdict,
      from: query.from,
      to: query.to,
      offset: query.offset,
      limit: PAGE_SIZE,
    });
    const searchedUid = query.q ? HeldUid.safeParse(query.q) : null;
    const wholeUid = page.total === 0 && searchedUid?.success ? searchedUid.data : undefined;
    if (wholeUid) {
      const held = await this.lookup(actor, wholeUid);
      if (held) return { ...toLicenseeView(wholeUid, held, this.tz), query, list: null, invalidUid: null };
    }
    return {
      // A whole UID that finds nothing says so in the same words as an unknown one.
      ...toLicenseeView(wholeUid, null),
      query,
      list: toLicenseeListView(page, query, this.config.lab.timeZone),
      invalidUid: null,
    };
  }

  private get tz(): string {
    return this.config.lab.timeZone;
  }

  private async lookup(actor: Actor, uid: string): Promise<LicenseeResults | null> {
    try {
      return await this.licensee.results(actor, uid);
    } catch (e) {
      if (e instanceof NotFound) return null;
      throw e;
    }
  }
}

import * as path from 'node:path';
import { Injectable } from '@nestjs/common';
import { Eta } from 'eta';
import { AppConfig, SIMULATOR_ENDPOINT, stateSystemLabel } from '../config/app-config';
import { setPageTimeZone } from './format';
import { toLayoutView } from './layout.view';
import { pageOf, type WebRequest } from './web-request';
import { toSigningView } from './signing.view';

/** Renders a template from templates/views/ inside the page frame. Values are HTML-escaped unless a template says otherwise. */
@Injectable()
export class ViewRenderer {
  private readonly eta: Eta;

  constructor(private readonly config: AppConfig) {
    setPageTimeZone(config.lab.timeZone);
    this.eta = new Eta({
      views: path.join(config.templatesDir, 'views'),
      cache: true,
      autoEscape: true,
      autoTrim: [false, 'nl'],
    });
  }

  /** A page for this request; takes the session's pending messages (they are shown once). */
  render<M extends { title: string }>(req: WebRequest, view: string, model: M): string {
    const session = req.webSession;
    const flash = session ? session.flash.splice(0) : [];
    const layout = toLayoutView({
      actor: req.actor,
      path: req.path,
      csrfToken: session?.csrfToken ?? null,
      flash,
      notifications: req.notifications,
      signing: session ? toSigningView(req.actor, this.config.oidc !== null, pageOf(req)) : null,
      simulatorOf:
        this.config.stateSystem.endpoint === SIMULATOR_ENDPOINT ? stateSystemLabel(this.config.stateSystem.kind) : null,
    });
    return this.eta.render(`./${view}`, { ...model, layout });
  }
}

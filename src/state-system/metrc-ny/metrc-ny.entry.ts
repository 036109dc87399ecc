import { Logger } from '@nestjs/common';
import { SIMULATOR_ENDPOINT } from '../../config/app-config';
import type { StateSystemEntry } from '../state-system.provider';
import { METRC_TAG } from '../tag-format';
import { StateSystemFailure } from '../state-system.port';
import { mappedTypeNames, loadMetrcMapping } from './mapping.loader';
import { MetrcNyAdapter } from './metrc-ny.adapter';
import { MetrcSimulatorHost } from './simulator-host';

/**
 * Metrc NY: live with METRC_* credentials, else its simulator in-process. At start-up the facilities probe runs and
 * the mapping is checked against Metrc's lab test types; neither stops the service (the queue waits, /health says why).
 */
export const metrcNy: StateSystemEntry = {
  tagFormat: METRC_TAG,
  async create(config, modules) {
    const mapping = loadMetrcMapping(config.metrc.mappingFile);
    const live = config.stateSystem.metrc;
    const credentials = live ?? (await modules.get(MetrcSimulatorHost, { strict: false }).start(mappedTypeNames(mapping)));
    const adapter = new MetrcNyAdapter(credentials, mapping, config.metrc, live ? live.baseUrl : SIMULATOR_ENDPOINT);
    const logger = new Logger('StateSystem');
    try {
      await adapter.login();
    } catch (e) {
      logger.error(
        `Metrc facilities probe failed: ${e instanceof StateSystemFailure || e instanceof Error ? e.message : String(e)}`,
      );
    }
    const check = await adapter.checkTypes();
    if (check.unknownNames.length > 0)
      logger.error(`Metrc does not know ${check.unknownNames.length} mapped lab test type(s): ${check.unknownNames.join(', ')}`);
    if (check.unfilledRequired.length > 0)
      logger.error(`Metrc requires lab test type(s) the mapping never fills: ${check.unfilledRequired.join(', ')}`);
    return adapter;
  },
};

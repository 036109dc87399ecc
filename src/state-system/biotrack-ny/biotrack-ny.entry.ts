import { SIMULATOR_ENDPOINT } from '../../config/app-config';
import type { StateSystemEntry } from '../state-system.provider';
import { BIOTRACK_UID } from '../tag-format';
import { BiotrackNyAdapter } from './biotrack-ny.adapter';
import { loadBiotrackMapping } from './mapping.loader';
import { SimulatorHost } from './simulator-host';

/** BioTrack NY: the live system with BIOTRACK_* credentials, else its simulator in-process (same adapter, other URL). */
export const biotrackNy: StateSystemEntry = {
  tagFormat: BIOTRACK_UID,
  async create(config, modules) {
    const mapping = loadBiotrackMapping(config.biotrack.mappingFile, config.biotrack.nonDetect);
    const live = config.stateSystem.biotrack;
    const connection = live ?? (await modules.get(SimulatorHost, { strict: false }).start());
    return new BiotrackNyAdapter(connection, mapping, {
      timeoutMs: config.biotrack.timeoutMs,
      endpoint: live ? live.baseUrl : SIMULATOR_ENDPOINT,
    });
  },
};

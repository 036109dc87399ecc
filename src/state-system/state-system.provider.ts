import { Logger, type FactoryProvider } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { loadBiotrackMapping } from './biotrack-mapping.loader';
import { BiotrackNyAdapter } from './biotrack-ny.adapter';
import { SimulatorHost } from './simulator-host';
import { STATE_SYSTEM, type StateSystem } from './state-system.port';

/**
 * The configured state system. The simulator and BioTrack NY differ only in base URL and account: both are the
 * BioTrack NY adapter. The mapping file is validated here, so a bad one stops the service at startup.
 */
export const stateSystemProvider: FactoryProvider<StateSystem> = {
  provide: STATE_SYSTEM,
  inject: [AppConfig, SimulatorHost],
  useFactory: async (config: AppConfig, host: SimulatorHost): Promise<StateSystem> => {
    const mapping = loadBiotrackMapping(config.biotrack.mappingFile, config.biotrack.nonDetect);
    const ss = config.stateSystem;
    const connection =
      ss.kind === 'simulator'
        ? await host.start()
        : { baseUrl: ss.baseUrl, ubi: ss.ubi, license: ss.license, username: ss.username, password: ss.password };
    if (ss.kind === 'biotrack-ny') new Logger('StateSystem').log(`state system: BioTrack NY at ${ss.baseUrl} (license ${ss.license})`);
    return new BiotrackNyAdapter(connection, mapping, { timeoutMs: config.biotrack.timeoutMs });
  },
};

/**
 * `npm run simulator`: a state system's simulator on its own (`--system biotrack-ny`, the default, or `metrc-ny`). Settings come from SIM_* environment variables or the
 * matching flags (see simulator-cli.ts), e.g. `SIM_FAULTS='{"error5xxRate":0.3,"rate429":0.1}' npm run simulator`.
 */
import { parseSimulatorCli } from './simulator-cli';
import { startSimulator, type RunningSimulator } from './biotrack-ny/simulator';
import { SIM_LAB, SIM_VENDOR_KEY, startMetrcSimulator, type RunningMetrcSimulator } from './metrc-ny/metrc-simulator';
import { loadMetrcMapping, mappedTypeNames } from '../state-system/metrc-ny/mapping.loader';
import * as path from 'node:path';

async function main(): Promise<void> {
  const cli = parseSimulatorCli(process.argv.slice(2), process.env);
  if (!cli.ok) {
    console.error(`simulator: ${cli.message}`);
    process.exit(2);
  }
  const logger = cli.logRequests ? (line: string) => console.log(line) : undefined;
  let sim: { close(): Promise<void> };
  if (cli.system === 'metrc-ny') {
    const mapping = loadMetrcMapping(
      process.env.METRC_MAPPING_FILE ?? path.resolve(__dirname, '../../templates/state-system/metrc-ny-mapping.json'),
    );
    const metrc = await startMetrcSimulator({ ...cli.options, typeNames: mappedTypeNames(mapping), logger });
    printMetrcBanner(metrc);
    sim = metrc;
  } else {
    const biotrack = await startSimulator({ ...cli.options, logger });
    printBanner(biotrack);
    sim = biotrack;
  }
  const stop = () => {
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function printMetrcBanner(sim: RunningMetrcSimulator): void {
  console.log(
    [
      `Metrc NY simulator listening on ${sim.url} (in-memory; nothing leaves this machine)`,
      `lab: license ${SIM_LAB.license}, HTTP Basic vendor key ${SIM_VENDOR_KEY}, user key ${SIM_LAB.userKey}`,
      `catalogue: ${sim.state.types.length} lab test types; ${sim.state.transfers.length} incoming manifests`,
      'sim-only: POST /sim/users/{key}/revoke|restore · POST /sim/transfers/{id}/receive · GET /sim/effects · GET|POST /sim/faults',
    ].join('\n'),
  );
}

function printBanner(sim: RunningSimulator): void {
  const state = sim.control.state();
  const lines = [
    `BioTrack NY simulator listening on ${sim.url} (in-memory; nothing leaves this machine)`,
    `faults: ${Object.keys(state.faults).length === 0 ? 'none' : JSON.stringify(state.faults)}`,
    'accounts (POST /v1/lab/login or /v1/user/login with headers X-Ubi, X-License and body {Username, Password}):',
    ...sim.control
      .accounts()
      .map(
        (a) =>
          `  ${a.kind.padEnd(8)} ${a.license.padEnd(20)} X-Ubi ${a.ubi.padEnd(10)} ${a.username} / ${a.password}   (${a.name})`,
      ),
    `seeded: ${state.inventory.filter((i) => !i.IsSample).length} lots, ${state.transfers.length} inbound sample transfers ` +
      `(${state.transfers.map((t) => `${t.ID}${t.Received ? ' received' : ''}`).join(', ')}), ${state.labSamples.length} lab samples`,
    'control (no session, never faulted): GET /_sim/state · GET /_sim/effects · GET /_sim/requests · GET|POST /_sim/faults · ' +
      'POST /_sim/reset · POST /_sim/inventory · POST /_sim/inventory/{uid}/move · POST /_sim/transfers · POST /_sim/sessions/expire',
  ];
  console.log(lines.join('\n'));
}

main().catch((error: unknown) => {
  console.error(`simulator: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

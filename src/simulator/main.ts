/**
 * `npm run simulator`: the BioTrack NY simulator on its own. Settings come from SIM_* environment variables or the
 * matching flags (see simulator-cli.ts), e.g. `SIM_FAULTS='{"error5xxRate":0.3,"rate429":0.1}' npm run simulator`.
 */
import { parseSimulatorCli } from './simulator-cli';
import { startSimulator, type RunningSimulator } from './biotrack-ny/simulator';

async function main(): Promise<void> {
  const cli = parseSimulatorCli(process.argv.slice(2), process.env);
  if (!cli.ok) {
    console.error(`simulator: ${cli.message}`);
    process.exit(2);
  }
  const sim = await startSimulator({ ...cli.options, logger: cli.logRequests ? (line) => console.log(line) : undefined });
  printBanner(sim);
  const stop = () => {
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function printBanner(sim: RunningSimulator): void {
  const state = sim.control.state();
  const lines = [
    `BioTrack NY simulator listening on ${sim.url} (in-memory; nothing leaves this machine)`,
    `faults: ${Object.keys(state.faults).length === 0 ? 'none' : JSON.stringify(state.faults)}`,
    'accounts (POST /v1/lab/login or /v1/user/login with headers X-Ubi, X-License and body {Username, Password}):',
    ...sim.control.accounts().map(
      (a) => `  ${a.kind.padEnd(8)} ${a.license.padEnd(20)} X-Ubi ${a.ubi.padEnd(10)} ${a.username} / ${a.password}   (${a.name})`,
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

import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import { AppConfig, ConfigError, SIMULATOR_ENDPOINT, stateSystemLabel } from './config/app-config';
import { checkDataDir, describeStartupError } from './common/startup-problems';

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = AppConfig.fromEnv(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      for (const problem of e.problems) console.error(`Configuration error: ${problem}`);
      process.exit(1);
    }
    throw e;
  }
  let app;
  try {
    checkDataDir(config);
    app = await createApp(config);
    await app.listen(config.port, config.host);
  } catch (e) {
    // Files named by the configuration (the certificate layout, the logo) are read at start-up.
    if (e instanceof ConfigError) {
      for (const problem of e.problems) console.error(`Configuration error: ${problem}`);
      process.exit(1);
    }
    const problem = describeStartupError(e, config);
    if (!problem) throw e;
    console.error(`Start-up error: ${problem}`);
    process.exit(1);
  }
  const logger = new Logger('Startup');
  logger.log(`LIMS Connector listening on http://${config.host}:${config.port} (API docs at /docs)`);
  logger.log(`database: ${config.database.type === 'sqlite' ? `SQLite at ${config.database.file}` : 'PostgreSQL'}`);
  if (config.publicUrlIsLocal) {
    logger.warn(
      `PUBLIC_URL is ${config.publicUrl}: the QR code on every certificate points at this machine and will not work for anyone else; set PUBLIC_URL to the address the public reaches this service at`,
    );
  }
  const { kind, endpoint } = config.stateSystem;
  if (endpoint === SIMULATOR_ENDPOINT) {
    logger.warn(`state system: built-in ${stateSystemLabel(kind)} simulator — nothing leaves this machine`);
  } else {
    logger.log(`state system: ${stateSystemLabel(kind)} at ${endpoint}`);
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
});

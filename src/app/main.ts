/** `npm start`: the bot server. Config errors and a broken map are printed, and the process exits 1. */
import { existsSync } from 'node:fs';
import { MapInvalidError, formatProblem } from '../map/index.ts';
import { ConfigError, checkServerConfig, loadConfig } from './config.ts';
import { createApp } from './create-app.ts';
import { loggableError } from '../shared/redact.ts';

async function main(): Promise<void> {
  const started = performance.now();
  if (existsSync('.env')) process.loadEnvFile('.env');
  const cfg = loadConfig();
  const warnings = checkServerConfig(cfg);
  const app = await createApp(cfg);
  for (const w of warnings) app.log.warn(w);
  // A rejection nothing awaited belongs to one request: log it rather than end the server for all.
  process.on('unhandledRejection', (e: unknown) => {
    app.log.error({ err: loggableError(e) }, 'unhandled rejection');
  });
  const { port } = await app.listen();
  app.startSweeper();
  app.log.info(
    { port, host: cfg.HOST, store: app.store.kind, ms: Math.round(performance.now() - started) },
    `justask listening on http://localhost:${port}`,
  );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((e: unknown) => {
  if (e instanceof MapInvalidError) {
    console.error('justask: the dialogue map has errors:');
    for (const p of e.problems) console.error('  ' + formatProblem(p));
  } else if (e instanceof ConfigError) {
    console.error(`justask: ${e.message}`);
  } else if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    console.error(
      `justask: port ${process.env.PORT ?? 3978} is already in use; stop the other server or set PORT`,
    );
  } else {
    console.error('justask: failed to start:', e);
  }
  process.exit(1);
});

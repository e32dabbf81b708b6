#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseRelayConfig, RelayConfigError } from './config.js';
import { jsonLineLogger } from './logger.js';
import { RelayRedactor } from './redaction.js';
import { startRelay } from './relay-server.js';

const usage = `Usage: workspan-dispatch-relay [--config relay.json] [--port 8080] [--host 0.0.0.0]

Receives WorkSpan webhook deliveries at /hooks/<route>/<token> and creates GitHub
repository_dispatch events. The configuration is read from --config, else from the file named
by WORKSPAN_RELAY_CONFIG_FILE, else from the JSON text in WORKSPAN_RELAY_CONFIG. Values written
as "\${NAME}" are read from the environment. The port defaults to PORT, else 8080.`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      config: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const file = values.config ?? process.env.WORKSPAN_RELAY_CONFIG_FILE;
  const text = file ? readFileSync(file, 'utf8') : process.env.WORKSPAN_RELAY_CONFIG;
  if (!text) throw new RelayConfigError(`No configuration given.\n\n${usage}`);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new RelayConfigError(`The configuration is not JSON: ${(error as Error).message}`);
  }
  const config = parseRelayConfig(raw, process.env);
  const port = Number(values.port ?? process.env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new RelayConfigError('--port: expected a port number from 0 to 65535');
  const logger = jsonLineLogger();
  const relay = await startRelay(config, {
    port,
    host: values.host ?? process.env.HOST ?? '0.0.0.0',
    logger,
  });
  logger.info('relay listening', {
    url: relay.url,
    routes: Object.keys(config.routes).join(','),
    store: config.redis ? 'redis' : 'memory',
  });
  const stop = () => {
    relay.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(
    error instanceof RelayConfigError
      ? error.message
      : `workspan-dispatch-relay: ${new RelayRedactor().redact((error as Error).message)}`,
  );
  process.exitCode = 1;
});

import { ConfigError, gatewaySchema, loadConfig } from '@cairn/config';
import { startTracingFromEnvironment } from '@cairn/tracing';

// Tracing patches http, undici and graphql as they load, so it starts before the gateway is imported.
const tracing = startTracingFromEnvironment('gateway');

async function main() {
  let config: ReturnType<typeof loadConfig<typeof gatewaySchema>>;
  try {
    config = loadConfig(gatewaySchema);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
  const { startGateway } = await import('./gateway.js');
  const gateway = await startGateway(config);
  const shutdown = async () => {
    await gateway.close();
    await tracing?.shutdown();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
}

void main();

import { ConfigError, gatewaySchema, loadConfig } from '@cairn/config';
import { startGateway } from './gateway';

async function main() {
  let config: ReturnType<typeof loadConfig<typeof gatewaySchema>>;
  try {
    config = loadConfig(gatewaySchema);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
  const gateway = await startGateway(config);
  const shutdown = async () => {
    await gateway.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
}

void main();

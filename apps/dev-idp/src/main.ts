import { devIdpSchema, loadConfig } from '@cairn/config';
import pino from 'pino';
import { startDevIdp } from './idp';

async function main(): Promise<void> {
  const config = loadConfig(devIdpSchema);
  const logger = pino({ name: 'dev-idp', level: config.LOG_LEVEL });
  if (config.NODE_ENV === 'production') {
    logger.warn('the dev IdP accepts well-known demo passwords; never expose it in production');
  }
  const idp = await startDevIdp(config, logger);
  logger.info({ issuer: idp.issuer, port: idp.port }, `dev IdP listening; issuer ${idp.issuer}`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'dev IdP stopping');
    idp.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'dev IdP did not close cleanly');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

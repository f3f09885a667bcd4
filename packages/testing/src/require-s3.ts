import { loadConfig, testSchema } from '@cairn/config';
import { describe } from 'vitest';

export interface S3TestConnection {
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

export interface S3Requirement {
  /** The S3 API to test against, or null when S3_TEST_ENDPOINT is unset (never in CI). */
  connection: S3TestConnection | null;
  /**
   * `describe(name, …)` when an S3 API is there. Otherwise the suite is reported as skipped under
   * a name that says why. The body is still collected, with empty settings, so hooks and tests
   * must only use them when they run.
   */
  describe(name: string, body: (connection: S3TestConnection) => void): void;
}

export const S3_MISSING_IN_CI =
  'CI=true but S3_TEST_ENDPOINT is not set: run `npm run s3proxy -- --background` first';

/**
 * For test files that need an S3 API (`npm run s3proxy` starts S3Proxy and prints the settings).
 * Unset, the suite says it did not run, except under CI=true, where the file fails: CI never
 * skips infrastructure quietly.
 */
export function requireS3(): S3Requirement {
  const config = loadConfig(
    testSchema.pick({
      S3_TEST_ENDPOINT: true,
      S3_TEST_REGION: true,
      S3_TEST_ACCESS_KEY_ID: true,
      S3_TEST_SECRET_ACCESS_KEY: true,
      CI: true,
    }),
  );
  if (!config.S3_TEST_ENDPOINT && config.CI) throw new Error(S3_MISSING_IN_CI);
  const connection = config.S3_TEST_ENDPOINT
    ? {
        endpoint: config.S3_TEST_ENDPOINT.replace(/\/+$/, ''),
        region: config.S3_TEST_REGION,
        accessKeyId: config.S3_TEST_ACCESS_KEY_ID,
        secretAccessKey: config.S3_TEST_SECRET_ACCESS_KEY,
      }
    : null;
  if (!connection) {
    // The default reporter shows a skipped file without its suite names: say why here too.
    console.warn('S3_TEST_ENDPOINT is unset: S3 suites are not run (`npm run s3proxy` starts one).');
  }
  return {
    connection,
    describe(name, body) {
      const title = connection
        ? name
        : `${name} (not run: S3_TEST_ENDPOINT is unset; \`npm run s3proxy\` starts one)`;
      describe.skipIf(!connection)(title, () =>
        body(connection ?? { endpoint: '', region: '', accessKeyId: '', secretAccessKey: '' }),
      );
    },
  };
}

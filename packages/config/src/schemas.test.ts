import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEV_IDENTITY_PRIVATE_KEY, DEV_IDENTITY_PUBLIC_KEY } from './identity-keys';
import { ConfigError, loadConfig, redact } from './load';
import { artifactStoreSchema, gatewaySchema, subgraphSchema } from './schemas';
import { DEV_WEBHOOK_SECRET_KEY } from './webhooks';

const ownKeys = () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
};

function problems(load: () => unknown): string[] {
  try {
    load();
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('identity keys in production', () => {
  it('treats an unset NODE_ENV as production and refuses to start without keys', () => {
    expect(problems(() => loadConfig(gatewaySchema, {}))).toEqual([
      expect.stringMatching(/^CAIRN_IDENTITY_PRIVATE_KEY: required in production/),
    ]);
    // The registry signs versions, so it needs its signing key too; lineage signs nothing.
    expect(problems(() => loadConfig(subgraphSchema('registry'), {}))).toEqual([
      expect.stringMatching(/^SIGNING_KEY_FILE: required in production/),
      expect.stringMatching(/^CAIRN_IDENTITY_PUBLIC_KEYS: required in production/),
      expect.stringMatching(/^DATABASE_URL: required in production/),
    ]);
    expect(problems(() => loadConfig(subgraphSchema('lineage'), {}))).toEqual([
      expect.stringMatching(/^CAIRN_IDENTITY_PUBLIC_KEYS: required in production/),
      expect.stringMatching(/^DATABASE_URL: required in production/),
    ]);
  });

  it('refuses the published development key by name', () => {
    const gateway = problems(() =>
      loadConfig(gatewaySchema, {
        NODE_ENV: 'production',
        CAIRN_IDENTITY_PRIVATE_KEY: DEV_IDENTITY_PRIVATE_KEY,
      }),
    );
    expect(gateway).toEqual([
      expect.stringMatching(/CAIRN_IDENTITY_PRIVATE_KEY: is the published development key/),
    ]);
    const subgraph = problems(() =>
      loadConfig(subgraphSchema('lineage'), {
        DATABASE_URL: 'postgres://cairn_app:secret@db.internal:5432/cairn',
        CAIRN_IDENTITY_PUBLIC_KEYS: `${ownKeys().publicKey}\n${DEV_IDENTITY_PUBLIC_KEY}`,
      }),
    );
    expect(subgraph).toEqual([
      expect.stringMatching(/CAIRN_IDENTITY_PUBLIC_KEYS: is the published development key/),
    ]);
  });

  it('refuses keys that are not Ed25519', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    expect(
      problems(() => loadConfig(gatewaySchema, { NODE_ENV: 'production', CAIRN_IDENTITY_PRIVATE_KEY: rsa })),
    ).toEqual([expect.stringMatching(/^CAIRN_IDENTITY_PRIVATE_KEY: must be one Ed25519 private key/)]);
  });

  it('starts in production with keys of its own, escaped newlines accepted, introspection off', () => {
    const { privateKey, publicKey } = ownKeys();
    const gateway = loadConfig(gatewaySchema, {
      NODE_ENV: 'production',
      CAIRN_IDENTITY_PRIVATE_KEY: privateKey.replace(/\n/g, '\\n'),
    });
    expect(gateway.GRAPHQL_INTROSPECTION).toBe(false);
    expect(
      loadConfig(subgraphSchema('metrics'), {
        NODE_ENV: 'production',
        DATABASE_URL: 'postgres://cairn_app:secret@db.internal:5432/cairn',
        CAIRN_IDENTITY_PUBLIC_KEYS: publicKey,
      }).CAIRN_IDENTITY_PUBLIC_KEYS,
    ).toBe(publicKey);
  });

  it('asks governance alone for its own webhook secret key in production, never the published one', () => {
    const base = {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://cairn_app:secret@db.internal:5432/cairn',
      CAIRN_IDENTITY_PUBLIC_KEYS: ownKeys().publicKey,
      SIGNING_KEY_FILE: '/run/secrets/signing_key',
    };
    expect(problems(() => loadConfig(subgraphSchema('governance'), base))).toEqual([
      expect.stringMatching(/^WEBHOOK_SECRET_KEY: required in production/),
    ]);
    expect(
      problems(() =>
        loadConfig(subgraphSchema('governance'), { ...base, WEBHOOK_SECRET_KEY: DEV_WEBHOOK_SECRET_KEY }),
      ),
    ).toEqual([expect.stringMatching(/^WEBHOOK_SECRET_KEY: is the published development key/)]);
    expect(
      problems(() => loadConfig(subgraphSchema('governance'), { ...base, WEBHOOK_SECRET_KEY: 'c2hvcnQ=' })),
    ).toEqual([expect.stringMatching(/^WEBHOOK_SECRET_KEY: must be 32 random bytes in base64/)]);
    const own = randomBytes(32).toString('base64');
    expect(
      loadConfig(subgraphSchema('governance'), { ...base, WEBHOOK_SECRET_KEY: own }).WEBHOOK_SECRET_KEY,
    ).toBe(own);
    expect(loadConfig(subgraphSchema('metrics'), base).WEBHOOK_SECRET_KEY).toBe(DEV_WEBHOOK_SECRET_KEY);
    expect(redact({ WEBHOOK_SECRET_KEY: own })).toEqual({ WEBHOOK_SECRET_KEY: '[redacted]' });
  });

  it('sends single-subgraph queries straight to their subgraph unless switched off', () => {
    expect(loadConfig(gatewaySchema, { NODE_ENV: 'test' }).SINGLE_SUBGRAPH_ROUTE).toBe(true);
    expect(
      loadConfig(gatewaySchema, { NODE_ENV: 'test', SINGLE_SUBGRAPH_ROUTE: 'false' }).SINGLE_SUBGRAPH_ROUTE,
    ).toBe(false);
  });

  it('uses the development keys in development and tests, with introspection on', () => {
    const gateway = loadConfig(gatewaySchema, { NODE_ENV: 'development' });
    expect(gateway.CAIRN_IDENTITY_PRIVATE_KEY).toBe(DEV_IDENTITY_PRIVATE_KEY);
    expect(gateway.GRAPHQL_INTROSPECTION).toBe(true);
    expect(loadConfig(subgraphSchema('registry'), { NODE_ENV: 'test' }).CAIRN_IDENTITY_PUBLIC_KEYS).toBe(
      DEV_IDENTITY_PUBLIC_KEY,
    );
  });
});

describe('artifact store settings', () => {
  it('defaults to the filesystem under .data/artifacts with a 20 GiB limit', () => {
    expect(loadConfig(artifactStoreSchema, {})).toMatchObject({
      ARTIFACT_STORE: 'filesystem',
      ARTIFACT_DIR: '.data/artifacts',
      ARTIFACT_MAX_BYTES: 20 * 1024 ** 3,
      UPLOAD_SESSION_TTL_SECONDS: 86_400,
    });
  });

  it('requires a bucket and credentials for S3, with no defaults for the secrets', () => {
    expect(problems(() => loadConfig(artifactStoreSchema, { ARTIFACT_STORE: 's3' }))).toEqual([
      'S3_BUCKET: required when ARTIFACT_STORE=s3',
      'S3_ACCESS_KEY_ID: required when ARTIFACT_STORE=s3',
      'S3_SECRET_ACCESS_KEY: required when ARTIFACT_STORE=s3',
    ]);
    expect(
      loadConfig(artifactStoreSchema, {
        ARTIFACT_STORE: 's3',
        S3_ENDPOINT: 'http://127.0.0.1:9300',
        S3_BUCKET: 'models',
        S3_ACCESS_KEY_ID: 'id',
        S3_SECRET_ACCESS_KEY: 'secret',
        ARTIFACT_MAX_BYTES: '1048576',
      }),
    ).toMatchObject({ ARTIFACT_STORE: 's3', S3_REGION: 'us-east-1', ARTIFACT_MAX_BYTES: 1_048_576 });
    expect(redact({ S3_SECRET_ACCESS_KEY: 'secret' })).toEqual({ S3_SECRET_ACCESS_KEY: '[redacted]' });
  });
});

import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEV_IDENTITY_PRIVATE_KEY, DEV_IDENTITY_PUBLIC_KEY } from './identity-keys';
import { ConfigError, loadConfig } from './load';
import { gatewaySchema, subgraphSchema } from './schemas';

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
    expect(problems(() => loadConfig(subgraphSchema('registry'), {}))).toEqual([
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

  it('uses the development keys in development and tests, with introspection on', () => {
    const gateway = loadConfig(gatewaySchema, { NODE_ENV: 'development' });
    expect(gateway.CAIRN_IDENTITY_PRIVATE_KEY).toBe(DEV_IDENTITY_PRIVATE_KEY);
    expect(gateway.GRAPHQL_INTROSPECTION).toBe(true);
    expect(loadConfig(subgraphSchema('registry'), { NODE_ENV: 'test' }).CAIRN_IDENTITY_PUBLIC_KEYS).toBe(
      DEV_IDENTITY_PUBLIC_KEY,
    );
  });
});

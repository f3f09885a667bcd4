import { createHash, generateKeyPairSync } from 'node:crypto';
import type { ModelSigningResource } from '@cairn/model-metadata';
import { beforeAll, describe, expect, it } from 'vitest';
import { preAuthenticationEncoding } from './dsse';
import { LocalKeySigner } from './local-key-signer';
import { createModelSignature, type ModelSignatureBundle } from './model-signature';
import { verifyModelSignature } from './verify-model-signature';

const newSigner = () =>
  LocalKeySigner.fromPem(
    generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString(),
  );
const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const resources: ModelSigningResource[] = [
  { name: 'config.json', algorithm: 'sha256', digest: sha('{}') },
  { name: 'weights/model.safetensors', algorithm: 'sha256', digest: sha('weights') },
];
const signer = newSigner();
const publicKeyPem = signer.publicKeyPem();
let bundle: ModelSignatureBundle;
beforeAll(async () => {
  bundle = await createModelSignature({ modelName: 'tagger', resources, signer });
});

const decode = (b: ModelSignatureBundle) =>
  JSON.parse(Buffer.from(b.dsseEnvelope.payload, 'base64').toString('utf8'));
const failed = (result: ReturnType<typeof verifyModelSignature>) =>
  result.checks.filter((c) => !c.passed).map((c) => c.name);
/** The bundle with its payload replaced, keeping the old signature. */
function withPayload(statement: unknown): ModelSignatureBundle {
  const copy = structuredClone(bundle);
  copy.dsseEnvelope.payload = Buffer.from(JSON.stringify(statement)).toString('base64');
  return copy;
}

describe('createModelSignature', () => {
  it('writes the Sigstore bundle that model_signing writes for its key method', () => {
    expect(bundle).toEqual({
      mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
      verificationMaterial: { publicKey: { hint: signer.keyId }, tlogEntries: [] },
      dsseEnvelope: {
        payload: expect.any(String),
        payloadType: 'application/vnd.in-toto+json',
        signatures: [{ sig: expect.any(String), keyid: '' }],
      },
    });
    const concatenated = Buffer.concat(resources.map((r) => Buffer.from(r.digest, 'hex')));
    expect(decode(bundle)).toEqual({
      _type: 'https://in-toto.io/Statement/v1',
      subject: [
        { name: 'tagger', digest: { sha256: createHash('sha256').update(concatenated).digest('hex') } },
      ],
      predicateType: 'https://model_signing/signature/v1.0',
      predicate: {
        serialization: {
          method: 'files',
          hash_type: 'sha256',
          allow_symlinks: false,
          ignore_paths: expect.arrayContaining(['.git', '.github', '.gitattributes', '.gitignore']),
        },
        resources,
      },
    });
  });

  it('signs the DSSE pre-authentication encoding, not the bare payload', async () => {
    const seen: Buffer[] = [];
    const recording = Object.assign(Object.create(signer), {
      sign: async (bytes: Uint8Array) => {
        seen.push(Buffer.from(bytes));
        return signer.sign(bytes);
      },
    });
    const signed = await createModelSignature({ modelName: 'tagger', resources, signer: recording });
    const payload = Buffer.from(signed.dsseEnvelope.payload, 'base64');
    expect(seen).toEqual([preAuthenticationEncoding('application/vnd.in-toto+json', payload)]);
  });
});

describe('verifyModelSignature', () => {
  it('accepts the bundle for the same files in any order, and says what it checked', () => {
    const result = verifyModelSignature(bundle, { publicKeyPem, resources: [...resources].reverse() });
    expect(result.valid).toBe(true);
    expect(result.checks.map((c) => c.name)).toEqual([
      'envelope',
      'payloadType',
      'keyHint',
      'signature',
      'statement',
      'subjectDigest',
      'resources',
    ]);
    expect(result.resources).toEqual({ changed: [], missing: [], extra: [] });
  });

  it('reports a changed digest by file name', () => {
    const now = resources.map((r) => (r.name === 'config.json' ? { ...r, digest: sha('{"changed":1}') } : r));
    const result = verifyModelSignature(bundle, { publicKeyPem, resources: now });
    expect(result.valid).toBe(false);
    expect(failed(result)).toEqual(['resources']);
    expect(result.resources).toEqual({ changed: ['config.json'], missing: [], extra: [] });
    expect(result.checks.find((c) => c.name === 'resources')?.detail).toBe('changed: config.json');
  });

  it('reports files that were not signed and signed files that are gone', () => {
    const now = [
      resources[0] as ModelSigningResource,
      { name: 'extra.bin', algorithm: 'sha256' as const, digest: sha('x') },
    ];
    const result = verifyModelSignature(bundle, { publicKeyPem, resources: now });
    expect(result.resources).toEqual({
      changed: [],
      missing: ['extra.bin'],
      extra: ['weights/model.safetensors'],
    });
    expect(result.checks.find((c) => c.name === 'resources')?.detail).toBe(
      'not signed: extra.bin; signed but absent: weights/model.safetensors',
    );
  });

  it('refuses a signature by another key, naming both keys', () => {
    const other = newSigner();
    const result = verifyModelSignature(bundle, { publicKeyPem: other.publicKeyPem(), resources });
    expect(failed(result)).toEqual(['keyHint', 'signature']);
    expect(result.checks.find((c) => c.name === 'keyHint')?.detail).toContain(other.keyId);
    // Without the hint only the signature tells.
    const unhinted = structuredClone(bundle);
    unhinted.verificationMaterial.publicKey.hint = '';
    expect(failed(verifyModelSignature(unhinted, { publicKeyPem: other.publicKeyPem(), resources }))).toEqual(
      ['signature'],
    );
  });

  it('refuses a tampered payload even when it is consistent in itself', () => {
    const statement = decode(bundle);
    statement.predicate.resources[0].digest = sha('forged');
    statement.subject[0].digest.sha256 = createHash('sha256')
      .update(
        Buffer.concat(
          statement.predicate.resources.map((r: { digest: string }) => Buffer.from(r.digest, 'hex')),
        ),
      )
      .digest('hex');
    const forged = [
      { ...resources[0], digest: sha('forged') } as ModelSigningResource,
      resources[1] as ModelSigningResource,
    ];
    expect(failed(verifyModelSignature(withPayload(statement), { publicKeyPem, resources: forged }))).toEqual(
      ['signature'],
    );
  });

  it('refuses a subject digest that does not match the resources', () => {
    const statement = decode(bundle);
    statement.subject[0].digest.sha256 = sha('other');
    expect(failed(verifyModelSignature(withPayload(statement), { publicKeyPem, resources }))).toEqual([
      'signature',
      'subjectDigest',
    ]);
  });

  it('refuses what is not a model-signing bundle, and says why', () => {
    expect(failed(verifyModelSignature({ hello: 'world' }, { publicKeyPem, resources }))).toEqual([
      'envelope',
    ]);
    const otherType = structuredClone(bundle) as { dsseEnvelope: { payloadType: string } };
    otherType.dsseEnvelope.payloadType = 'application/json';
    expect(failed(verifyModelSignature(otherType, { publicKeyPem, resources }))).toEqual([
      'payloadType',
      'signature',
    ]);
    const notJson = structuredClone(bundle);
    notJson.dsseEnvelope.payload = Buffer.from('not json').toString('base64');
    expect(failed(verifyModelSignature(notJson, { publicKeyPem, resources }))).toEqual([
      'signature',
      'statement',
    ]);
    const otherPredicate = decode(bundle);
    otherPredicate.predicateType = 'https://slsa.dev/provenance/v1';
    expect(failed(verifyModelSignature(withPayload(otherPredicate), { publicKeyPem, resources }))).toEqual([
      'signature',
      'statement',
    ]);
    const garbled = structuredClone(bundle);
    garbled.dsseEnvelope.signatures[0].sig = Buffer.from('garbage').toString('base64');
    expect(failed(verifyModelSignature(garbled, { publicKeyPem, resources }))).toEqual(['signature']);
  });

  it('refuses public keys that are not P-256', () => {
    const p384 = generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).publicKey.export({
      type: 'spki',
      format: 'pem',
    });
    const result = verifyModelSignature(bundle, { publicKeyPem: p384.toString(), resources });
    expect(result.checks.find((c) => c.name === 'signature')?.detail).toBe(
      'the public key is not an EC P-256 key',
    );
    expect(verifyModelSignature(bundle, { publicKeyPem: 'nonsense', resources }).valid).toBe(false);
  });
});

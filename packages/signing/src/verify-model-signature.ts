import { verify as verifySignature } from 'node:crypto';
import {
  IN_TOTO_PAYLOAD_TYPE,
  IN_TOTO_STATEMENT_TYPE,
  MODEL_SIGNING_PREDICATE_TYPE,
  type ModelSigningResource,
  modelSigningSubjectDigest,
} from '@cairn/model-metadata';
import { z } from 'zod';
import { preAuthenticationEncoding } from './dsse';
import { SIGSTORE_BUNDLE_MEDIA_TYPE } from './model-signature';
import { isP256PublicKey, keyIdOf } from './signer';

export type SignatureCheckName =
  | 'envelope'
  | 'payloadType'
  | 'keyHint'
  | 'signature'
  | 'statement'
  | 'subjectDigest'
  | 'resources';

export interface SignatureCheck {
  name: SignatureCheckName;
  passed: boolean;
  detail: string;
}

export interface ResourceDifferences {
  /** Signed with another digest than the expected one. */
  changed: string[];
  /** Expected but not signed. */
  missing: string[];
  /** Signed but not expected. */
  extra: string[];
}

export interface SignatureVerification {
  valid: boolean;
  checks: SignatureCheck[];
  /** Null when the payload could not be read far enough to compare resources. */
  resources: ResourceDifferences | null;
}

export interface VerifyModelSignatureOptions {
  publicKeyPem: string;
  /** What the version holds now (e.g. re-hashed from storage), in any order. */
  resources: readonly ModelSigningResource[];
}

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');

const bundleShape = z.object({
  mediaType: z.literal(SIGSTORE_BUNDLE_MEDIA_TYPE),
  verificationMaterial: z.object({ publicKey: z.object({ hint: z.string().optional() }).optional() }),
  dsseEnvelope: z.object({
    payload: base64,
    payloadType: z.string(),
    signatures: z.array(z.object({ sig: base64 })).length(1, 'must hold exactly one signature'),
  }),
});

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const statementShape = z.object({
  _type: z.literal(IN_TOTO_STATEMENT_TYPE),
  subject: z.array(z.object({ name: z.string(), digest: z.object({ sha256: hex64 }) })).length(1),
  predicateType: z.literal(MODEL_SIGNING_PREDICATE_TYPE),
  predicate: z.object({
    serialization: z.object({ method: z.literal('files'), hash_type: z.literal('sha256') }),
    resources: z.array(z.object({ name: z.string(), algorithm: z.literal('sha256'), digest: hex64 })),
  }),
});

const problemsOf = (error: z.ZodError) =>
  error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ');

/**
 * Checks a model-signing bundle against a public key and the resources a version should have. Pure:
 * the caller supplies the key and the freshly computed digests. Every check that can run is run, so
 * the answer says everything that is wrong, not only the first thing.
 */
export function verifyModelSignature(
  bundle: unknown,
  options: VerifyModelSignatureOptions,
): SignatureVerification {
  const checks: SignatureCheck[] = [];
  const check = (name: SignatureCheckName, passed: boolean, detail: string) =>
    checks.push({ name, passed, detail });
  const done = (resources: ResourceDifferences | null): SignatureVerification => ({
    valid: checks.every((c) => c.passed),
    checks,
    resources,
  });

  const parsed = bundleShape.safeParse(bundle);
  if (!parsed.success) {
    check(
      'envelope',
      false,
      `not a Sigstore bundle v0.3 with one DSSE signature: ${problemsOf(parsed.error)}`,
    );
    return done(null);
  }
  check('envelope', true, 'Sigstore bundle v0.3 with a DSSE envelope and one signature');
  const { dsseEnvelope, verificationMaterial } = parsed.data;

  check(
    'payloadType',
    dsseEnvelope.payloadType === IN_TOTO_PAYLOAD_TYPE,
    dsseEnvelope.payloadType === IN_TOTO_PAYLOAD_TYPE
      ? IN_TOTO_PAYLOAD_TYPE
      : `expected ${IN_TOTO_PAYLOAD_TYPE}, found ${dsseEnvelope.payloadType}`,
  );

  const keyId = safeKeyId(options.publicKeyPem);
  const hint = verificationMaterial.publicKey?.hint;
  if (!hint) check('keyHint', true, 'the bundle names no key');
  else if (hint === keyId) check('keyHint', true, `signed by key ${hint}`);
  else check('keyHint', false, `the bundle names key ${hint}, not the given key ${keyId ?? '(unreadable)'}`);

  const payload = Buffer.from(dsseEnvelope.payload, 'base64');
  const signature = Buffer.from(dsseEnvelope.signatures[0]?.sig ?? '', 'base64');
  check('signature', ...signatureResult(options.publicKeyPem, dsseEnvelope.payloadType, payload, signature));

  let json: unknown;
  try {
    json = JSON.parse(payload.toString('utf8'));
  } catch {
    check('statement', false, 'the payload is not JSON');
    return done(null);
  }
  const statement = statementShape.safeParse(json);
  if (!statement.success) {
    check('statement', false, `not a model-signing in-toto statement: ${problemsOf(statement.error)}`);
    return done(null);
  }
  check('statement', true, `in-toto Statement v1, predicate ${MODEL_SIGNING_PREDICATE_TYPE}`);

  const { subject, predicate } = statement.data;
  const declared = subject[0]?.digest.sha256;
  const computed = modelSigningSubjectDigest(predicate.resources as ModelSigningResource[]);
  check(
    'subjectDigest',
    declared === computed,
    declared === computed
      ? `sha256:${computed} over ${predicate.resources.length} resource digests`
      : `the subject says sha256:${declared}, its resources hash to sha256:${computed}`,
  );

  const differences = compareResources(predicate.resources, options.resources);
  const count = differences.changed.length + differences.missing.length + differences.extra.length;
  check(
    'resources',
    count === 0,
    count === 0
      ? `all ${options.resources.length} files match`
      : [
          differences.changed.length > 0 ? `changed: ${differences.changed.join(', ')}` : '',
          differences.missing.length > 0 ? `not signed: ${differences.missing.join(', ')}` : '',
          differences.extra.length > 0 ? `signed but absent: ${differences.extra.join(', ')}` : '',
        ]
          .filter(Boolean)
          .join('; '),
  );
  return done(differences);
}

function safeKeyId(publicKeyPem: string): string | null {
  try {
    return keyIdOf(publicKeyPem);
  } catch {
    return null;
  }
}

function signatureResult(
  publicKeyPem: string,
  payloadType: string,
  payload: Buffer,
  signature: Buffer,
): [boolean, string] {
  try {
    if (!isP256PublicKey(publicKeyPem)) return [false, 'the public key is not an EC P-256 key'];
  } catch {
    return [false, 'the public key is not a readable PEM SPKI key'];
  }
  const pae = preAuthenticationEncoding(payloadType, payload);
  let ok = false;
  try {
    ok = verifySignature('sha256', pae, { key: publicKeyPem, dsaEncoding: 'der' }, signature);
  } catch {
    // A signature that is not DER at all reads as a failed verification.
  }
  return ok
    ? [true, 'ECDSA P-256 SHA-256 over the DSSE pre-authentication encoding']
    : [false, 'the signature does not verify with the given key (another key, or the payload was changed)'];
}

/** Compared as sets by name, as model_signing does: the signed list's order is not checked here. */
function compareResources(
  signed: readonly { name: string; digest: string }[],
  expected: readonly ModelSigningResource[],
): ResourceDifferences {
  const signedByName = new Map(signed.map((r) => [r.name, r.digest]));
  const expectedByName = new Map(expected.map((r) => [r.name, r.digest.toLowerCase()]));
  const changed: string[] = [];
  const missing: string[] = [];
  for (const [name, digest] of expectedByName) {
    const other = signedByName.get(name);
    if (other === undefined) missing.push(name);
    else if (other !== digest) changed.push(name);
  }
  const extra = [...signedByName.keys()].filter((name) => !expectedByName.has(name));
  // A name signed twice would hide behind the map above; a directory cannot hold it twice.
  const seen = new Set<string>();
  for (const { name } of signed) {
    if (seen.has(name)) extra.push(`${name} (listed twice)`);
    seen.add(name);
  }
  return { changed, missing, extra };
}

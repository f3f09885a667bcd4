import { createHash } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import { CairnError, CLIENT_ERROR_CODES, operations } from '@cairn/sdk';
import { verifyModelSignature } from '@cairn/signing';
import { extract } from 'tar-stream';
import { clientFromConfig } from '../config';
import { cliError } from '../exit-codes';
import type { Output } from '../output';
import { parseModelRef } from '../refs';

const SIGNATURE_ENTRY = 'signature/model.sig';
const PUBLIC_KEY_ENTRY = 'signature/key.pub';
const FILES_PREFIX = 'files/';

/**
 * `cairn verify team/model@3`: the registry re-hashes the stored files and checks the signature.
 * `cairn verify --bundle v3.tar --public-key cairn.pub`: offline, on an exported bundle: hashes
 * every file in it and checks the signature with the key you trust. Exits 8 when invalid.
 */
export async function verify(
  refText: string | undefined,
  options: { bundle?: string; publicKey?: string },
  out: Output,
) {
  const verification = options.bundle
    ? await verifyBundle(options.bundle, options.publicKey)
    : await verifyOnline(refText);
  const human = () =>
    [
      `${verification.valid ? 'valid' : 'INVALID'}${verification.keyId ? ` (key ${verification.keyId})` : ''}`,
      ...verification.checks.map((c) => `  ${c.passed ? '✓' : '✗'} ${c.name}: ${c.detail}`),
    ].join('\n');
  if (verification.valid) {
    out.result(verification, human);
    return;
  }
  // One document on stdout under --json: the error, naming what failed; the checks on stderr.
  out.info(human());
  const failed = verification.checks.filter((c) => !c.passed).map((c) => `${c.name}: ${c.detail}`);
  throw cliError('MANIFEST_MISMATCH', `verification failed: ${failed.join('; ')}`);
}

async function verifyOnline(refText: string | undefined) {
  if (!refText) throw cliError('USAGE', 'name a version (team/model@3) or pass --bundle');
  const ref = parseModelRef(refText, { version: 'required' });
  const client = await clientFromConfig();
  const model = await client.findModel(ref.team, ref.name);
  const version = await client.resolveVersion(model.id, ref.version!);
  const { verifyModelVersion } = await client.execute(operations.VerifyModelVersionDocument, {
    id: version.id,
  });
  return { version: refText, ...verifyModelVersion };
}

async function verifyBundle(file: string, publicKeyFile: string | undefined) {
  const resources: { name: string; algorithm: 'sha256'; digest: string }[] = [];
  let signature: string | undefined;
  let embeddedKey: string | undefined;
  const reader = extract();
  const done = (async () => {
    for await (const entry of reader) {
      const name = entry.header.name;
      const hash = createHash('sha256');
      const chunks: Buffer[] = [];
      for await (const chunk of entry) {
        hash.update(chunk as Buffer);
        if (name === SIGNATURE_ENTRY || name === PUBLIC_KEY_ENTRY) chunks.push(chunk as Buffer);
      }
      if (name.startsWith(FILES_PREFIX)) {
        resources.push({
          name: name.slice(FILES_PREFIX.length),
          algorithm: 'sha256',
          digest: hash.digest('hex'),
        });
      } else if (name === SIGNATURE_ENTRY) {
        signature = Buffer.concat(chunks).toString('utf8');
      } else if (name === PUBLIC_KEY_ENTRY) {
        embeddedKey = Buffer.concat(chunks).toString('utf8');
      }
    }
  })();
  createReadStream(file)
    .on('error', (error) => reader.destroy(error))
    .pipe(reader);
  await done.catch((error: Error) => {
    throw new CairnError(CLIENT_ERROR_CODES.badBundle, `${file} is not a readable bundle: ${error.message}`);
  });
  if (!signature)
    throw new CairnError(CLIENT_ERROR_CODES.badBundle, `${file} carries no signature (${SIGNATURE_ENTRY})`);
  // The key inside the bundle only proves the bundle is intact; the key you trust proves who signed.
  const publicKeyPem = publicKeyFile ? readFileSync(publicKeyFile, 'utf8') : embeddedKey;
  if (!publicKeyPem) throw cliError('USAGE', 'pass --public-key: the bundle carries no key');
  let bundle: unknown;
  try {
    bundle = JSON.parse(signature);
  } catch {
    throw new CairnError(CLIENT_ERROR_CODES.badBundle, `${SIGNATURE_ENTRY} is not JSON`);
  }
  const result = verifyModelSignature(bundle, { publicKeyPem, resources });
  return {
    bundle: file,
    valid: result.valid,
    keyId: null as string | null,
    keyFrom: publicKeyFile ? 'given' : 'embedded',
    checks: result.checks,
    resources: result.resources,
  };
}

import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
  sign,
} from 'node:crypto';
import { chmod, link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { keyIdOf, SIGNING_ALGORITHM, type Signer } from './signer';

/** Signs with a PKCS#8 PEM P-256 private key held in a file. */
export class LocalKeySigner implements Signer {
  readonly algorithm = SIGNING_ALGORITHM;
  readonly keyId: string;
  private readonly publicPem: string;

  constructor(private readonly privateKey: KeyObject) {
    if (
      privateKey.asymmetricKeyType !== 'ec' ||
      privateKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1'
    ) {
      throw new Error('The signing key must be an EC P-256 (prime256v1) private key');
    }
    this.publicPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
    this.keyId = keyIdOf(this.publicPem);
  }

  static fromPem(pem: string): LocalKeySigner {
    return new LocalKeySigner(createPrivateKey(pem));
  }

  /** Loads an existing key; a missing or unreadable file is an error, never a new key. */
  static async load(file: string): Promise<LocalKeySigner> {
    let pem: string;
    try {
      pem = await readFile(file, 'utf8');
    } catch (error) {
      throw new Error(`Cannot read the signing key ${file}: ${(error as Error).message}`);
    }
    try {
      return LocalKeySigner.fromPem(pem);
    } catch (error) {
      throw new Error(
        `The signing key ${file} is not a usable P-256 private key: ${(error as Error).message}`,
      );
    }
  }

  publicKeyPem(): string {
    return this.publicPem;
  }

  async sign(bytes: Uint8Array): Promise<Buffer> {
    return sign('sha256', bytes, { key: this.privateKey, dsaEncoding: 'der' });
  }

  async close(): Promise<void> {}
}

/**
 * Loads the key at `file`, creating a new P-256 key there first if there is none (development's
 * first start). The key is written to a temporary file and hard-linked into place, which fails if
 * the name exists: two processes starting together cannot each keep their own key, and neither
 * can read a half-written file.
 */
export async function ensureLocalKey(file: string): Promise<LocalKeySigner> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const temporary = `${file}.${randomBytes(8).toString('hex')}.tmp`;
  await writeFile(temporary, privateKey.export({ type: 'pkcs8', format: 'pem' }), {
    flag: 'wx',
    mode: 0o600,
  });
  try {
    // The mode above is filtered by the umask; the key must not be readable by others whatever it is.
    await chmod(temporary, 0o600);
    await link(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await rm(temporary, { force: true });
  }
  return LocalKeySigner.load(file);
}

import { createHash, createPublicKey } from 'node:crypto';
import { ServiceUnavailableError } from '@cairn/errors';
import pkcs11js from 'pkcs11js';
import { P256_EC_PARAMS, p256SpkiFromEcPoint, rawEcdsaSignatureToDer } from './ecdsa-encoding';
import { acquirePkcs11Module, findObjects, findSlotByTokenLabel, type Pkcs11Handle } from './pkcs11-module';
import { keyIdOf, SIGNING_ALGORITHM, type Signer } from './signer';

export interface Pkcs11SignerOptions {
  /** The module's shared library, e.g. `/usr/lib/softhsm/libsofthsm2.so`. */
  modulePath: string;
  tokenLabel: string;
  pin: string;
  /** CKA_LABEL of the key pair; give this, `objectId`, or both. */
  keyLabel?: string;
  /** CKA_ID of the key pair, hex, for tokens where labels are not unique. */
  objectId?: string;
}

/**
 * Codes after which the session (or the login) is gone, e.g. the HSM restarted or a network HSM
 * dropped the connection: open a new session and try once more.
 */
const LOST_SESSION = new Set([
  pkcs11js.CKR_SESSION_HANDLE_INVALID,
  pkcs11js.CKR_SESSION_CLOSED,
  pkcs11js.CKR_USER_NOT_LOGGED_IN,
  pkcs11js.CKR_DEVICE_REMOVED,
  pkcs11js.CKR_TOKEN_NOT_PRESENT,
]);

interface OpenSession {
  session: Buffer;
  privateKey: Buffer;
}

/**
 * Signs with a P-256 private key that never leaves a PKCS#11 token (an HSM, a cloud HSM, SoftHSM2).
 * One instance keeps one logged-in session and runs its calls one at a time: a PKCS#11 session
 * carries a single active operation, so two overlapping C_SignInit calls would fail.
 */
export class Pkcs11Signer implements Signer {
  readonly algorithm = SIGNING_ALGORITHM;
  readonly keyId: string;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(
    private readonly options: Pkcs11SignerOptions,
    private readonly module: Pkcs11Handle,
    private current: OpenSession | null,
    private readonly publicPem: string,
  ) {
    this.keyId = keyIdOf(publicPem);
  }

  static async open(options: Pkcs11SignerOptions): Promise<Pkcs11Signer> {
    if (!options.keyLabel && !options.objectId) throw new Error('A PKCS#11 key needs a label or an id');
    const module = acquirePkcs11Module(options.modulePath);
    let opened: OpenSession | null = null;
    try {
      opened = openSession(module.pkcs11, options);
      const publicPem = readPublicKeyPem(module.pkcs11, opened.session, options);
      return new Pkcs11Signer(options, module, opened, publicPem);
    } catch (error) {
      if (opened) closeQuietly(module.pkcs11, opened.session);
      module.release();
      throw error;
    }
  }

  publicKeyPem(): string {
    return this.publicPem;
  }

  sign(bytes: Uint8Array): Promise<Buffer> {
    const digest = createHash('sha256').update(bytes).digest();
    return this.serialized(async () => {
      try {
        return await this.signDigest(digest);
      } catch (error) {
        if (!LOST_SESSION.has((error as { code?: number }).code ?? 0)) throw this.unavailable(error);
        this.dropSession();
        try {
          return await this.signDigest(digest);
        } catch (retryError) {
          throw this.unavailable(retryError);
        }
      }
    });
  }

  close(): Promise<void> {
    return this.serialized(async () => {
      if (this.closed) return;
      this.closed = true;
      this.dropSession();
      this.module.release();
    });
  }

  private async signDigest(digest: Buffer): Promise<Buffer> {
    if (this.closed) throw new Error('The PKCS#11 signer is closed');
    this.current ??= openSession(this.module.pkcs11, this.options);
    const { session, privateKey } = this.current;
    this.module.pkcs11.C_SignInit(session, { mechanism: pkcs11js.CKM_ECDSA }, privateKey);
    // CKM_ECDSA signs a digest the caller made and returns raw r‖s (64 bytes for P-256).
    const raw = await this.module.pkcs11.C_SignAsync(session, digest, Buffer.alloc(132));
    return rawEcdsaSignatureToDer(raw);
  }

  private dropSession() {
    if (this.current) closeQuietly(this.module.pkcs11, this.current.session);
    this.current = null;
  }

  private unavailable(error: unknown): ServiceUnavailableError {
    const reason = error instanceof Error ? error.message : String(error);
    // The PKCS#11 return value (e.g. CKR_DEVICE_ERROR) says nothing secret and tells operators where to look.
    return new ServiceUnavailableError(
      `The signing key in PKCS#11 token "${this.options.tokenLabel}" is unavailable (${reason})`,
    );
  }

  private serialized<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

function keyTemplate(options: Pkcs11SignerOptions, objectClass: number): pkcs11js.Template {
  const template: pkcs11js.Template = [
    { type: pkcs11js.CKA_CLASS, value: objectClass },
    { type: pkcs11js.CKA_KEY_TYPE, value: pkcs11js.CKK_EC },
  ];
  if (options.keyLabel) template.push({ type: pkcs11js.CKA_LABEL, value: options.keyLabel });
  if (options.objectId) template.push({ type: pkcs11js.CKA_ID, value: Buffer.from(options.objectId, 'hex') });
  return template;
}

function describeKey(options: Pkcs11SignerOptions): string {
  return [options.keyLabel && `label "${options.keyLabel}"`, options.objectId && `id ${options.objectId}`]
    .filter(Boolean)
    .join(' and ');
}

function findOne(
  pkcs11: pkcs11js.PKCS11,
  session: Buffer,
  options: Pkcs11SignerOptions,
  objectClass: number,
  what: string,
): Buffer {
  const found = findObjects(pkcs11, session, keyTemplate(options, objectClass));
  if (found.length !== 1) {
    throw new Error(
      `Expected one EC ${what} with ${describeKey(options)} in PKCS#11 token "${options.tokenLabel}", found ${found.length}`,
    );
  }
  return found[0] as Buffer;
}

function openSession(pkcs11: pkcs11js.PKCS11, options: Pkcs11SignerOptions): OpenSession {
  const slot = findSlotByTokenLabel(pkcs11, options.tokenLabel);
  const session = pkcs11.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION);
  try {
    try {
      pkcs11.C_Login(session, pkcs11js.CKU_USER, options.pin);
    } catch (error) {
      // The login belongs to the application, not the session: another signer on the same token
      // in this process may have logged in already.
      if ((error as { code?: number }).code !== pkcs11js.CKR_USER_ALREADY_LOGGED_IN) throw error;
    }
    const privateKey = findOne(pkcs11, session, options, pkcs11js.CKO_PRIVATE_KEY, 'private key');
    return { session, privateKey };
  } catch (error) {
    closeQuietly(pkcs11, session);
    throw error;
  }
}

function readPublicKeyPem(pkcs11: pkcs11js.PKCS11, session: Buffer, options: Pkcs11SignerOptions): string {
  const publicKey = findOne(pkcs11, session, options, pkcs11js.CKO_PUBLIC_KEY, 'public key');
  const [params, point] = pkcs11.C_GetAttributeValue(session, publicKey, [
    { type: pkcs11js.CKA_EC_PARAMS },
    { type: pkcs11js.CKA_EC_POINT },
  ]);
  if (!params?.value.equals(P256_EC_PARAMS)) {
    throw new Error(`The PKCS#11 key with ${describeKey(options)} is not on curve P-256`);
  }
  const spki = p256SpkiFromEcPoint(point?.value ?? Buffer.alloc(0));
  return createPublicKey({ key: spki, format: 'der', type: 'spki' })
    .export({ type: 'spki', format: 'pem' })
    .toString();
}

/** Closing ends the operation on this session; the login ends with the token's last session. */
function closeQuietly(pkcs11: pkcs11js.PKCS11, session: Buffer) {
  try {
    pkcs11.C_CloseSession(session);
  } catch {
    // Already gone with the device or the module; nothing is left to release.
  }
}

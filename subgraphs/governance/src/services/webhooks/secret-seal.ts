import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const PREFIX = 'sealed:v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Seals webhook signing secrets for the database with AES-256-GCM under WEBHOOK_SECRET_KEY, so a
 * copy of the database (a backup, a replica, a leaked dump) cannot sign messages receivers would
 * trust. A sealed value is `sealed:v1:<key id>:<base64 of iv, tag and ciphertext>`; the key id
 * (the first 8 hex digits of the key's SHA-256) says which key sealed it, so a secret sealed
 * under another key fails with that said instead of as a bad tag. The secret's id is bound as
 * associated data: a sealed value copied onto another subscription does not open.
 */
export class SecretSeal {
  private readonly key: Buffer;
  readonly keyId: string;

  constructor(keyBase64: string) {
    this.key = Buffer.from(keyBase64, 'base64');
    if (this.key.length !== 32) throw new Error('WEBHOOK_SECRET_KEY must be 32 bytes');
    this.keyId = createHash('sha256').update(this.key).digest('hex').slice(0, 8);
  }

  seal(secret: string, subscriptionId: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(subscriptionId));
    const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return `${PREFIX}:${this.keyId}:${Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64')}`;
  }

  static isSealed(stored: string): boolean {
    return stored.startsWith(`${PREFIX}:`);
  }

  /** The secret; a value stored before secrets were sealed is returned as it is. */
  open(stored: string, subscriptionId: string): string {
    if (!SecretSeal.isSealed(stored)) return stored;
    const [, , keyId, data] = stored.split(':');
    if (keyId !== this.keyId) {
      throw new Error(
        `webhook secret of subscription ${subscriptionId} was sealed under key ${keyId}, not WEBHOOK_SECRET_KEY (${this.keyId})`,
      );
    }
    const bytes = Buffer.from(data ?? '', 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(subscriptionId));
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
      'utf8',
    );
  }
}

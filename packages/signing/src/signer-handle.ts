import type { Signer } from './signer';

/**
 * A service's signer, opened on first use (a PKCS#11 login, or creating the development key
 * file) rather than at start-up, tried again after a failed open (a token that was away may be
 * back), and closed with the service.
 */
export class SignerHandle {
  private signer?: Promise<Signer>;

  constructor(private readonly open: () => Promise<Signer>) {}

  get(): Promise<Signer> {
    this.signer ??= this.open().catch((error) => {
      this.signer = undefined;
      throw error;
    });
    return this.signer;
  }

  async close(): Promise<void> {
    const signer = await this.signer?.catch(() => undefined);
    this.signer = undefined;
    await signer?.close();
  }
}

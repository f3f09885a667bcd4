import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { SoftHsmTools } from '@cairn/testing';
import pkcs11js from 'pkcs11js';
import { acquirePkcs11Module, findSlotByTokenLabel, P256_EC_PARAMS } from '../src';

const run = promisify(execFile);

export interface SoftHsmToken {
  modulePath: string;
  label: string;
  pin: string;
  /** Creates a P-256 key pair inside the token under this label (and a CKA_ID from it). */
  generateKeyPair(keyLabel: string): Promise<void>;
  remove(): Promise<void>;
}

/**
 * A fresh SoftHSM2 token in a temporary directory. SoftHSM reads its configuration file from the
 * SOFTHSM2_CONF environment variable when the module initialises, in this process and in
 * softhsm2-util alike, so this is the one place a test sets an environment variable. Call once per
 * test file (vitest runs each file in its own process): the module reads it only once.
 */
export async function createSoftHsmToken(tools: SoftHsmTools, label = 'cairn-test'): Promise<SoftHsmToken> {
  const dir = await mkdtemp(path.join(tmpdir(), 'cairn-softhsm-'));
  const tokens = path.join(dir, 'tokens');
  const conf = path.join(dir, 'softhsm2.conf');
  await mkdir(tokens);
  await writeFile(conf, `directories.tokendir = ${tokens}\nobjectstore.backend = file\nlog.level = ERROR\n`);
  process.env.SOFTHSM2_CONF = conf;
  const pin = '1234';
  // softhsm2-util inherits the variable set above.
  await run(tools.util, ['--init-token', '--free', '--label', label, '--pin', pin, '--so-pin', '5678']);
  return {
    modulePath: tools.modulePath,
    label,
    pin,
    async generateKeyPair(keyLabel) {
      const module = acquirePkcs11Module(tools.modulePath);
      const { pkcs11 } = module;
      const session = pkcs11.C_OpenSession(
        findSlotByTokenLabel(pkcs11, label),
        pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION,
      );
      try {
        try {
          pkcs11.C_Login(session, pkcs11js.CKU_USER, pin);
        } catch (error) {
          if ((error as { code?: number }).code !== pkcs11js.CKR_USER_ALREADY_LOGGED_IN) throw error;
        }
        const id = Buffer.from(keyLabel, 'utf8');
        const common = [
          { type: pkcs11js.CKA_TOKEN, value: true },
          { type: pkcs11js.CKA_LABEL, value: keyLabel },
          { type: pkcs11js.CKA_ID, value: id },
        ];
        pkcs11.C_GenerateKeyPair(
          session,
          { mechanism: pkcs11js.CKM_EC_KEY_PAIR_GEN },
          [
            ...common,
            { type: pkcs11js.CKA_EC_PARAMS, value: P256_EC_PARAMS },
            { type: pkcs11js.CKA_VERIFY, value: true },
          ],
          [
            ...common,
            { type: pkcs11js.CKA_PRIVATE, value: true },
            { type: pkcs11js.CKA_SENSITIVE, value: true },
            { type: pkcs11js.CKA_EXTRACTABLE, value: false },
            { type: pkcs11js.CKA_SIGN, value: true },
          ],
        );
      } finally {
        pkcs11.C_CloseSession(session);
        module.release();
      }
    },
    async remove() {
      await rm(dir, { recursive: true, force: true });
    },
  };
}

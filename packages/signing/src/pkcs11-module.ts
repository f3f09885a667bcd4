import pkcs11js from 'pkcs11js';

/**
 * A PKCS#11 module is initialised once per process: the library is loaded into the process, and a
 * second C_Initialize answers CKR_CRYPTOKI_ALREADY_INITIALIZED. Every user of the same module path
 * (several signers, the SoftHSM2 test helper) therefore shares one handle, finalised when the last
 * one lets go.
 */
export interface Pkcs11Handle {
  readonly pkcs11: pkcs11js.PKCS11;
  release(): void;
}

const open = new Map<string, { pkcs11: pkcs11js.PKCS11; users: number }>();

export function acquirePkcs11Module(modulePath: string): Pkcs11Handle {
  let entry = open.get(modulePath);
  if (!entry) {
    const pkcs11 = new pkcs11js.PKCS11();
    try {
      pkcs11.load(modulePath);
    } catch (error) {
      throw new Error(`Cannot load the PKCS#11 module ${modulePath}: ${(error as Error).message}`);
    }
    try {
      pkcs11.C_Initialize();
    } catch (error) {
      pkcs11.close();
      throw new Error(`The PKCS#11 module ${modulePath} did not initialise: ${(error as Error).message}`);
    }
    entry = { pkcs11, users: 0 };
    open.set(modulePath, entry);
  }
  entry.users++;
  const current = entry;
  let released = false;
  return {
    pkcs11: current.pkcs11,
    release() {
      if (released) return;
      released = true;
      current.users--;
      if (current.users > 0) return;
      open.delete(modulePath);
      current.pkcs11.C_Finalize();
      current.pkcs11.close();
    },
  };
}

/** The slot whose token has this label. Labels are blank-padded to 32 bytes by the token. */
export function findSlotByTokenLabel(pkcs11: pkcs11js.PKCS11, label: string): Buffer {
  const labels: string[] = [];
  for (const slot of pkcs11.C_GetSlotList(true)) {
    const info = pkcs11.C_GetTokenInfo(slot);
    // SoftHSM2 always offers one empty, uninitialised token to initialise next.
    if (!(info.flags & pkcs11js.CKF_TOKEN_INITIALIZED)) continue;
    const tokenLabel = info.label.trimEnd();
    if (tokenLabel === label) return slot;
    labels.push(tokenLabel);
  }
  throw new Error(
    `No PKCS#11 token is labelled "${label}" (tokens present: ${labels.map((l) => `"${l}"`).join(', ') || 'none'})`,
  );
}

/** All objects matching a template (the search is always finalised, even when it fails). */
export function findObjects(pkcs11: pkcs11js.PKCS11, session: Buffer, template: pkcs11js.Template): Buffer[] {
  pkcs11.C_FindObjectsInit(session, template);
  try {
    const found: Buffer[] = [];
    for (;;) {
      const batch = pkcs11.C_FindObjects(session, 16);
      if (batch.length === 0) return found;
      found.push(...batch);
    }
  } finally {
    pkcs11.C_FindObjectsFinal(session);
  }
}

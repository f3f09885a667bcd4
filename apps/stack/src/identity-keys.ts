import { generateKeyPairSync } from 'node:crypto';

/**
 * `npm run identity-keys`: a fresh Ed25519 key pair for the gateway's identity tokens, printed
 * as environment assignments with `\n` escapes so each fits on one line.
 */
const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const oneLine = (pem: string) => pem.trim().replace(/\n/g, '\\n');
console.log('# gateway only: keep it secret');
console.log(
  `CAIRN_IDENTITY_PRIVATE_KEY="${oneLine(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString())}"`,
);
console.log('# every subgraph');
console.log(
  `CAIRN_IDENTITY_PUBLIC_KEYS="${oneLine(publicKey.export({ type: 'spki', format: 'pem' }).toString())}"`,
);

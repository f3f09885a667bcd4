import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';

export interface TestIssuer {
  /** The issuer URL; its JWKS is at `${issuer}/jwks` (any path answers the key set). */
  issuer: string;
  jwksUri: string;
  /** An RS256 access token for `cairn-api`, for anyone with any groups. */
  token(subject: string, groups: string[], claims?: Record<string, unknown>): Promise<string>;
  close(): Promise<void>;
}

/**
 * An OIDC issuer of the test's own on loopback: a real key set the gateway fetches and verifies
 * against, so a test can sign in any person with any groups, the way a company's IdP would.
 */
export async function startTestIssuer(): Promise<TestIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  const server = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    jwksUri: `${issuer}/jwks`,
    token: (subject, groups, claims = {}) =>
      new SignJWT({ groups, email: `${subject}@demo.cairn`, client_id: 'cairn-portal', ...claims })
        .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
        .setIssuer(issuer)
        .setAudience('cairn-api')
        .setSubject(subject)
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(privateKey),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

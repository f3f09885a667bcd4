import { CairnClient, operations } from '@cairn/sdk';
import { type Credentials, cliEnv, DEFAULT_API_URL, tokenProvider, writePrivateFile } from '../config';
import { cliError } from '../exit-codes';
import type { Output } from '../output';

export interface LoginOptions {
  apiUrl?: string;
  token?: string;
  clientId?: string;
  clientSecret?: string;
  issuer?: string;
}

/** Checks the credential against the API, then stores it (mode 0600) for later commands. */
export async function login(options: LoginOptions, out: Output): Promise<void> {
  let credentials: Credentials;
  if (options.token) {
    credentials = { kind: 'token', token: options.token };
  } else if (options.clientId && options.clientSecret && options.issuer) {
    credentials = {
      kind: 'client-credentials',
      issuer: options.issuer,
      clientId: options.clientId,
      clientSecret: options.clientSecret,
    };
  } else {
    throw cliError('USAGE', 'give --token, or --client-id, --client-secret and --issuer');
  }
  const apiUrl = options.apiUrl ?? cliEnv().CAIRN_API_URL ?? DEFAULT_API_URL;
  const client = new CairnClient({ apiUrl, auth: tokenProvider(credentials), userAgent: 'cairn-cli' });
  const { me } = await client.execute(operations.WhoAmIDocument, {});
  const file = await writePrivateFile('config.json', `${JSON.stringify({ apiUrl, credentials }, null, 2)}\n`);
  out.result(
    { apiUrl, kind: credentials.kind, subject: me.subject, scopes: me.scopes, configFile: file },
    () => `Logged in to ${apiUrl} as ${me.email ?? me.subject} (${me.kind}); saved to ${file}`,
  );
}

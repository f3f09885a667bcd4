import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '@cairn/config';
import { CairnClient, clientCredentials, staticToken, type TokenProvider } from '@cairn/sdk';
import { z } from 'zod';
import { cliError } from './exit-codes';

// An empty variable counts as unset, as shells and CI systems often export them empty.
const unsetIfEmpty = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

const envSchema = z.object({
  CAIRN_API_URL: unsetIfEmpty(z.url()),
  CAIRN_TOKEN: unsetIfEmpty(z.string()),
  XDG_CONFIG_HOME: unsetIfEmpty(z.string()),
});

const credentialsSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('token'), token: z.string().min(1) }),
  z.object({
    kind: z.literal('client-credentials'),
    issuer: z.url(),
    clientId: z.string().min(1),
    clientSecret: z.string().min(1),
  }),
]);

export const storedConfigSchema = z.object({ apiUrl: z.url(), credentials: credentialsSchema });
export type StoredConfig = z.infer<typeof storedConfigSchema>;
export type Credentials = z.infer<typeof credentialsSchema>;

export const DEFAULT_API_URL = 'http://localhost:4000';

export function cliEnv() {
  try {
    return loadConfig(envSchema);
  } catch (error) {
    throw cliError('USAGE', (error as Error).message);
  }
}

/** `$XDG_CONFIG_HOME/cairn`, else `~/.config/cairn`. */
export function configDir(): string {
  return path.join(cliEnv().XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'), 'cairn');
}

export async function readStoredConfig(): Promise<StoredConfig | undefined> {
  let text: string;
  try {
    text = await readFile(path.join(configDir(), 'config.json'), 'utf8');
  } catch {
    return undefined;
  }
  const parsed = storedConfigSchema.safeParse(JSON.parse(text));
  if (!parsed.success)
    throw cliError('BAD_USER_INPUT', `${configDir()}/config.json is not valid: run cairn login again`);
  return parsed.data;
}

/** Writes a file only its owner may read, in a folder only its owner may enter: it holds secrets. */
export async function writePrivateFile(name: string, content: string): Promise<string> {
  const dir = configDir();
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  const target = path.join(dir, name);
  const temp = `${target}.${process.pid}.tmp`;
  await writeFile(temp, content, { mode: 0o600 });
  await chmod(temp, 0o600);
  await rename(temp, target);
  return target;
}

export function tokenProvider(credentials: Credentials): TokenProvider {
  return credentials.kind === 'token' ? staticToken(credentials.token) : clientCredentials(credentials);
}

/** The client for a command: env overrides first (`CAIRN_API_URL`, `CAIRN_TOKEN`), then the login. */
export async function clientFromConfig(): Promise<CairnClient> {
  const env = cliEnv();
  const stored = await readStoredConfig();
  const apiUrl = env.CAIRN_API_URL ?? stored?.apiUrl ?? DEFAULT_API_URL;
  const credentials: Credentials | undefined = env.CAIRN_TOKEN
    ? { kind: 'token', token: env.CAIRN_TOKEN }
    : stored?.credentials;
  if (!credentials) throw cliError('NOT_LOGGED_IN', 'not logged in: run `cairn login` or set CAIRN_TOKEN');
  return new CairnClient({ apiUrl, auth: tokenProvider(credentials), userAgent: 'cairn-cli' });
}

import { isIP } from 'node:net';
import { z } from 'zod';
import { secret } from './load';

/** One allow-list entry: a host name, an IP address or a CIDR block (`10.0.0.0/8`, `fd00::/8`). */
export type AllowedWebhookHost =
  | { kind: 'host'; host: string }
  | { kind: 'cidr'; address: string; prefix: number; family: 'ipv4' | 'ipv6' };

function parseEntry(entry: string): AllowedWebhookHost | string {
  const [address, prefixText, ...rest] = entry.split('/');
  if (rest.length > 0 || address === undefined) return `"${entry}" is not a host, address or CIDR block`;
  const version = isIP(address);
  if (version === 0) {
    if (prefixText !== undefined) return `"${entry}": a CIDR block needs an IP address before the "/"`;
    if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i.test(address)) {
      return `"${entry}" is not a host name`;
    }
    return { kind: 'host', host: address.toLowerCase() };
  }
  const max = version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max || prefixText === '') {
    return `"${entry}": the prefix length must be 0 to ${max}`;
  }
  return { kind: 'cidr', address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

/** The development key: published here, so it guards nothing and production refuses it. */
export const DEV_WEBHOOK_SECRET_KEY = Buffer.from('cairn-development-webhook-key-32').toString('base64');

function isWebhookSecretKey(text: string): boolean {
  return /^[A-Za-z0-9+/]{43}=$/.test(text.trim()) && Buffer.from(text.trim(), 'base64').length === 32;
}
const WEBHOOK_KEY_MESSAGE = 'must be 32 random bytes in base64 (e.g. `openssl rand -base64 32`)';

/**
 * Outgoing webhooks (governance only; the defaults cost the other subgraphs nothing). Receivers
 * on private, loopback, link-local, multicast or unique-local addresses are refused unless
 * WEBHOOK_ALLOWED_HOSTS names their host or a block holding their address.
 */
export const webhookKeys = {
  /** Comma-separated host names, IP addresses or CIDR blocks, e.g. `hooks.internal,10.1.0.0/16,::1`. */
  WEBHOOK_ALLOWED_HOSTS: z
    .string()
    .default('')
    .transform((text, ctx) => {
      const entries = text
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
        .map(parseEntry);
      const problems = entries.filter((e): e is string => typeof e === 'string');
      for (const message of problems) ctx.addIssue({ code: 'custom', message });
      return problems.length > 0 ? z.NEVER : (entries as AllowedWebhookHost[]);
    }),
  /** Attempts at one delivery (the first included) before it is marked FAILED. */
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  /** The n-th retry waits a random time up to min(max, base · 2^(n-1)) ("full jitter"). */
  WEBHOOK_RETRY_BASE_DELAY_MS: z.coerce.number().int().min(10).default(30_000),
  WEBHOOK_RETRY_MAX_DELAY_MS: z.coerce.number().int().min(10).default(3_600_000),
  /** One attempt (connect, send, first bytes of the answer) is abandoned after this long. */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** A subscription whose last this-many deliveries all FAILED is disabled and its team told. */
  WEBHOOK_DISABLE_AFTER_FAILURES: z.coerce.number().int().min(1).max(1000).default(5),
  /** How often due deliveries are looked for and sent. */
  WEBHOOK_DISPATCH_INTERVAL_MS: z.coerce.number().int().min(20).default(2000),
  /** After `rotateWebhookSecret`, the old secret also signs for this long, so receivers can switch. */
  WEBHOOK_SECRET_ROTATION_GRACE_HOURS: z.coerce.number().int().min(0).max(720).default(24),
  /**
   * Seals the subscriptions' signing secrets in the database (AES-256-GCM): 32 random bytes,
   * base64 (`openssl rand -base64 32`). Governance needs its own in production; the development
   * one is published and refused there.
   */
  WEBHOOK_SECRET_KEY: secret(
    'WEBHOOK_SECRET_KEY',
    z.string().refine(isWebhookSecretKey, WEBHOOK_KEY_MESSAGE).optional(),
  ),
};

/** Governance in production: its own key, never the published one. */
export function requireWebhookSecretKey(
  env: { NODE_ENV: string; WEBHOOK_SECRET_KEY?: string },
  ctx: z.RefinementCtx,
) {
  if (env.NODE_ENV !== 'production') return;
  if (!env.WEBHOOK_SECRET_KEY) {
    ctx.addIssue({
      code: 'custom',
      path: ['WEBHOOK_SECRET_KEY'],
      message: 'required in production (NODE_ENV is production or unset): the key that seals webhook secrets',
    });
  } else if (env.WEBHOOK_SECRET_KEY.trim() === DEV_WEBHOOK_SECRET_KEY) {
    ctx.addIssue({
      code: 'custom',
      path: ['WEBHOOK_SECRET_KEY'],
      message: `is the published development key, which is refused in production: ${WEBHOOK_KEY_MESSAGE}`,
    });
  }
}

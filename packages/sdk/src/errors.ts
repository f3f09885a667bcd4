/**
 * Every failure the SDK reports is a CairnError with a stable `code`: the API's
 * `extensions.code` (NOT_FOUND, BAD_USER_INPUT, …) when the server said no, or one of the
 * client's own codes below when the request never got an answer or the bytes were wrong.
 */
export const CLIENT_ERROR_CODES = {
  /** No answer: refused connection, reset, DNS, timeout. */
  network: 'NETWORK_ERROR',
  /** An HTTP status with no GraphQL error body (a proxy's 502, a 500 page). */
  http: 'HTTP_ERROR',
  /** Downloaded or local bytes do not match the digest they should have. */
  digestMismatch: 'DIGEST_MISMATCH',
  /** The server answered something that is not the API's shape. */
  badResponse: 'BAD_RESPONSE',
  /** The token endpoint refused the client's credentials. */
  tokenRefused: 'TOKEN_REFUSED',
  /** A bundle tar that is cut short, out of order or missing a file its document lists. */
  badBundle: 'BAD_BUNDLE',
} as const;

export interface CairnErrorOptions {
  status?: number;
  /** Field problems from BAD_USER_INPUT (`[{ path, message }]`), as the API sent them. */
  problems?: { path: string; message: string }[];
  extensions?: Record<string, unknown>;
  /** Seconds the server asked us to wait (Retry-After), when it did. */
  retryAfterSeconds?: number;
  cause?: unknown;
}

export class CairnError extends Error {
  readonly status?: number;
  readonly problems?: { path: string; message: string }[];
  readonly extensions?: Record<string, unknown>;
  readonly retryAfterSeconds?: number;

  constructor(
    readonly code: string,
    message: string,
    options: CairnErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CairnError';
    this.status = options.status;
    this.problems = options.problems;
    this.extensions = options.extensions;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** GraphQL codes that mean "a service behind the gateway was briefly away": safe to ask again. */
const TRANSIENT_CODES = new Set([
  'SERVICE_UNAVAILABLE',
  'SUBGRAPH_UNAVAILABLE',
  'SUBGRAPH_TIMEOUT',
  'RATE_LIMITED',
]);
const TRANSIENT_STATUSES = new Set([429, 502, 503, 504]);

/**
 * Whether asking again could succeed. Typed 4xx answers (bad input, not found, conflict, …)
 * never are: the same request gets the same answer.
 */
export function isTransient(error: unknown): boolean {
  if (!(error instanceof CairnError)) return false;
  if (error.code === CLIENT_ERROR_CODES.network) return true;
  if (error.status !== undefined && TRANSIENT_STATUSES.has(error.status)) return true;
  return TRANSIENT_CODES.has(error.code);
}

/**
 * Whether the request certainly did not run, so even a non-idempotent mutation may be sent
 * again: the connection was refused, or the gateway's rate limit turned it away at the door.
 */
export function neverReachedServer(error: unknown): boolean {
  if (!(error instanceof CairnError)) return false;
  if (error.status === 429 || error.code === 'RATE_LIMITED') return true;
  const cause = error.cause as { code?: string } | undefined;
  return error.code === CLIENT_ERROR_CODES.network && cause?.code === 'ECONNREFUSED';
}

/** Reads a GraphQL-shaped error body (`{ errors: [{ message, extensions: { code } }] }`). */
export function errorFromBody(body: unknown, status: number, retryAfterSeconds?: number): CairnError {
  const first = (body as { errors?: { message?: string; extensions?: Record<string, unknown> }[] } | null)
    ?.errors?.[0];
  if (first && typeof first.extensions?.code === 'string') {
    return new CairnError(first.extensions.code, first.message ?? first.extensions.code, {
      status,
      extensions: first.extensions,
      problems: first.extensions.problems as CairnErrorOptions['problems'],
      retryAfterSeconds,
    });
  }
  return new CairnError(CLIENT_ERROR_CODES.http, `the server answered HTTP ${status}`, {
    status,
    retryAfterSeconds,
  });
}

/** Wraps a thrown fetch/socket error so callers see one error family. */
export function networkError(cause: unknown): CairnError {
  const inner = (cause as { cause?: { code?: string; message?: string } })?.cause ?? cause;
  const code = (inner as { code?: string })?.code;
  const message = (inner as Error)?.message ?? String(cause);
  return new CairnError(CLIENT_ERROR_CODES.network, `could not reach the server (${code ?? message})`, {
    cause: inner,
  });
}

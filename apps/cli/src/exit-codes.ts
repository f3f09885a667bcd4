import { CairnError, CLIENT_ERROR_CODES } from '@cairn/sdk';

/** What `cairn` exits with; scripts branch on these, so they never change meaning. */
export const EXIT = {
  ok: 0,
  unexpected: 1,
  usage: 2,
  auth: 3,
  notFound: 4,
  refusedInput: 5,
  conflict: 6,
  unavailable: 7,
  integrity: 8,
  /** `cairn audit verify|export`: the audit chain or a checkpoint does not hold. */
  auditChainBroken: 9,
} as const;

/** Ends a command with `exitCode` once it has printed its own result (nothing more is printed). */
export class CommandExit extends Error {
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
    this.name = 'CommandExit';
  }
}

const BY_CODE: Record<string, number> = {
  UNAUTHENTICATED: EXIT.auth,
  FORBIDDEN: EXIT.auth,
  [CLIENT_ERROR_CODES.tokenRefused]: EXIT.auth,
  NOT_LOGGED_IN: EXIT.auth,
  NOT_FOUND: EXIT.notFound,
  BAD_USER_INPUT: EXIT.refusedInput,
  PAYLOAD_TOO_LARGE: EXIT.refusedInput,
  USAGE: EXIT.usage,
  CONFLICT: EXIT.conflict,
  FAILED_PRECONDITION: EXIT.conflict,
  [CLIENT_ERROR_CODES.network]: EXIT.unavailable,
  SERVICE_UNAVAILABLE: EXIT.unavailable,
  SUBGRAPH_UNAVAILABLE: EXIT.unavailable,
  SUBGRAPH_TIMEOUT: EXIT.unavailable,
  SEARCH_UNAVAILABLE: EXIT.unavailable,
  RATE_LIMITED: EXIT.unavailable,
  DEADLINE_EXCEEDED: EXIT.unavailable,
  [CLIENT_ERROR_CODES.digestMismatch]: EXIT.integrity,
  [CLIENT_ERROR_CODES.badBundle]: EXIT.integrity,
  MANIFEST_MISMATCH: EXIT.integrity,
};

export function exitCodeFor(error: unknown): number {
  if (!(error instanceof CairnError)) return EXIT.unexpected;
  const byCode = BY_CODE[error.code];
  if (byCode !== undefined) return byCode;
  if (error.status !== undefined && error.status >= 500) return EXIT.unavailable;
  return EXIT.unexpected;
}

/** A refusal raised by the CLI itself (bad arguments, missing login, unreadable files). */
export function cliError(
  code: 'USAGE' | 'NOT_LOGGED_IN' | 'BAD_USER_INPUT' | 'MANIFEST_MISMATCH',
  message: string,
) {
  return new CairnError(code, message);
}

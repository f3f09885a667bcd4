/**
 * Cairn's domain errors. Transport-neutral: nothing here knows about GraphQL or HTTP.
 * Each error carries a stable code and a message that is safe to show to users;
 * `packages/subgraph-kit` maps the classes to `extensions.code` in one place.
 */

export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'FORBIDDEN'
  | 'UNAUTHENTICATED'
  | 'FAILED_PRECONDITION'
  | 'DEADLINE_EXCEEDED'
  | 'SEARCH_UNAVAILABLE'
  | 'SERVICE_UNAVAILABLE';

export interface FieldProblem {
  /** Dotted path of the offending input field, e.g. `input.name`. */
  path: string;
  message: string;
  /** The rule that refused the field, when a configurable rule set did (e.g. `secret/github`). */
  rule?: string;
}

export abstract class CairnError extends Error {
  abstract readonly code: ErrorCode;
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class InvalidInputError extends CairnError {
  readonly code = 'BAD_USER_INPUT';
  constructor(
    readonly problems: FieldProblem[],
    summary = problems.map((p) => `${p.path}: ${p.message}`).join('; '),
  ) {
    super(summary, { problems });
  }
  static field(path: string, message: string) {
    return new InvalidInputError([{ path, message }]);
  }
}

export class NotFoundError extends CairnError {
  readonly code = 'NOT_FOUND';
  constructor(kind: string, id: string) {
    super(`${kind} ${JSON.stringify(id)} was not found`, { kind, id });
  }
}

export class ConflictError extends CairnError {
  readonly code = 'CONFLICT';
}

export class ForbiddenError extends CairnError {
  readonly code = 'FORBIDDEN';
}

export class UnauthenticatedError extends CairnError {
  readonly code = 'UNAUTHENTICATED';
  constructor(message = 'Authentication is required') {
    super(message);
  }
}

/** The request is well-formed but the resource is not in a state that allows it. */
export class PreconditionFailedError extends CairnError {
  readonly code = 'FAILED_PRECONDITION';
}

/** The work ran past its time limit (e.g. the database's statement_timeout) and was cancelled. */
export class DeadlineExceededError extends CairnError {
  readonly code = 'DEADLINE_EXCEEDED';
}

/** The search engine cannot answer now; everything else works, and the index catches up later. */
export class SearchUnavailableError extends CairnError {
  readonly code = 'SEARCH_UNAVAILABLE';
  constructor(message = 'Search is temporarily unavailable; please try again shortly') {
    super(message);
  }
}

/** Something the service depends on (its database) is briefly away: the same request may work soon. */
export class ServiceUnavailableError extends CairnError {
  readonly code = 'SERVICE_UNAVAILABLE';
  constructor(message = 'The service is temporarily unavailable; please try again shortly') {
    super(message);
  }
}

export function isCairnError(error: unknown): error is CairnError {
  return error instanceof CairnError;
}

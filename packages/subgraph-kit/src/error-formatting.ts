import { randomUUID } from 'node:crypto';
import { unwrapResolverError } from '@apollo/server/errors';
import { domainErrorOf } from '@cairn/database';
import { type CairnError, type ErrorCode, isCairnError, ServiceUnavailableError } from '@cairn/errors';
import { isTransientFailure } from '@cairn/event-log';
import type { GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';

function assertUnreachable(value: never): never {
  throw new Error(`Unmapped error code ${String(value)}`);
}

/** The one place a domain error becomes a GraphQL error code and HTTP-neutral extensions. */
export function graphqlCodeFor(code: ErrorCode): string {
  switch (code) {
    case 'BAD_USER_INPUT':
    case 'NOT_FOUND':
    case 'CONFLICT':
    case 'FORBIDDEN':
    case 'UNAUTHENTICATED':
    case 'FAILED_PRECONDITION':
    case 'DEADLINE_EXCEEDED':
    case 'SEARCH_UNAVAILABLE':
    case 'SERVICE_UNAVAILABLE':
      return code;
    default:
      return assertUnreachable(code);
  }
}

/** GraphQL's own errors (parse, validation, argument coercion) already carry a public code. */
const PUBLIC_GRAPHQL_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'UNAUTHENTICATED',
  'FORBIDDEN',
]);

function publicError(formatted: GraphQLFormattedError, error: CairnError): GraphQLFormattedError {
  return {
    ...formatted,
    message: error.message,
    extensions: { ...error.details, code: graphqlCodeFor(error.code) },
  };
}

/**
 * Apollo's `formatError`: Cairn errors pass with their message and code; anything else is
 * logged with an id and answered as INTERNAL_SERVER_ERROR, so driver text never leaks.
 */
export function createErrorFormatter(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (isCairnError(original)) return publicError(formatted, original);
    const fromDatabase = domainErrorOf(original);
    if (fromDatabase) return publicError(formatted, fromDatabase);
    if (isTransientFailure(original)) {
      // The database (or another dependency) is away: say so, without its address or driver text.
      logger.warn({ err: original, path: formatted.path }, 'dependency unavailable');
      return publicError(formatted, new ServiceUnavailableError());
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && PUBLIC_GRAPHQL_CODES.has(code) && original === error) {
      return {
        message: formatted.message,
        locations: formatted.locations,
        path: formatted.path,
        extensions: { code },
      };
    }
    const errorId = randomUUID();
    logger.error({ err: original, errorId, path: formatted.path }, 'unexpected error');
    return {
      message: `Internal error (id ${errorId})`,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR', errorId },
    };
  };
}

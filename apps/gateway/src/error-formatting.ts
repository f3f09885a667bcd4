import { randomUUID } from 'node:crypto';
import type { GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';

/**
 * Codes a client may see as they are: Cairn's domain codes (as the subgraphs send them),
 * GraphQL's own request errors, and the gateway's limits and hop failures. A subgraph's
 * INTERNAL_SERVER_ERROR is already scrubbed and carries the subgraph's error id.
 */
const PUBLIC_CODES = new Set([
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'FORBIDDEN',
  'UNAUTHENTICATED',
  'FAILED_PRECONDITION',
  'SEARCH_UNAVAILABLE',
  'SERVICE_UNAVAILABLE',
  'DEADLINE_EXCEEDED',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'QUERY_TOO_COMPLEX',
  'RATE_LIMITED',
  'SUBGRAPH_TIMEOUT',
  'SUBGRAPH_UNAVAILABLE',
]);

/** Extensions that never leave the gateway: the subgraph's raw HTTP response, stack traces. */
const PRIVATE_EXTENSIONS = new Set(['response', 'exception', 'stacktrace', 'http']);

/**
 * The gateway's `formatError`: public codes pass with their message and safe extensions;
 * anything else is logged with an id and answered as INTERNAL_SERVER_ERROR with that id.
 */
export function createGatewayErrorFormatter(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const extensions = formatted.extensions ?? {};
    const code = extensions.code;
    if (
      typeof code === 'string' &&
      (PUBLIC_CODES.has(code) || (code === 'INTERNAL_SERVER_ERROR' && extensions.errorId))
    ) {
      return {
        ...formatted,
        extensions: Object.fromEntries(
          Object.entries(extensions).filter(([key]) => !PRIVATE_EXTENSIONS.has(key)),
        ),
      };
    }
    const errorId = randomUUID();
    logger.error({ err: error, errorId, path: formatted.path, code }, 'unexpected gateway error');
    return {
      message: `Internal error (id ${errorId})`,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR', errorId },
    };
  };
}

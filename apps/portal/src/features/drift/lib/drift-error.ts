import type { GraphQLErrorShape } from '../../../lib/gateway/graphql-result';

/**
 * A refused acknowledgement as a person reads it: the metrics subgraph's own message for a
 * refusal (it names the team whose contributors may act), a generic line for anything else.
 */
export function driftErrorMessage(errors: readonly GraphQLErrorShape[] | undefined): string {
  const error = errors?.[0];
  if (!error) return 'The API did not answer. Try again in a moment.';
  switch (error.extensions?.code) {
    case 'FORBIDDEN':
      return `Not allowed: ${error.message}`;
    case 'BAD_USER_INPUT':
      return `Check the note: ${error.message}`;
    case 'NOT_FOUND':
      return 'This alarm does not exist, or you may not see it.';
    case 'UNAUTHENTICATED':
      return 'Your session has ended. Sign in again.';
    default:
      return 'Something went wrong on our side; nothing was changed. Try again in a moment.';
  }
}

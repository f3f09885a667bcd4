import type { GraphQLErrorShape } from '../../../lib/gateway/graphql-result';

const sentence = (text: string) => {
  const trimmed = text.trim().replace(/\.$/, '');
  return `${trimmed.charAt(0).toUpperCase()}${trimmed.slice(1)}.`;
};

/**
 * A refused promotion call as a person reads it. Governance's messages for refusals are written
 * for people (self-approval, wrong team, already decided), so they are kept and only framed by
 * what kind of refusal it is; anything unexpected gets a generic line, never driver text.
 */
export function promotionErrorMessage(errors: readonly GraphQLErrorShape[] | undefined): string {
  const error = errors?.[0];
  if (!error) return 'The API did not answer. Try again in a moment.';
  const message = error.message ?? '';
  switch (error.extensions?.code) {
    case 'FORBIDDEN':
      return `Not allowed: ${sentence(message)}`;
    case 'FAILED_PRECONDITION':
    case 'CONFLICT':
      return `Not possible now: ${sentence(message)}`;
    case 'BAD_USER_INPUT':
      return `Check the form: ${sentence(message)}`;
    case 'NOT_FOUND':
      return 'This request or version does not exist, or you may not see it.';
    case 'UNAUTHENTICATED':
      return 'Your session has ended. Sign in again.';
    default:
      return 'Something went wrong on our side; nothing was changed. Try again in a moment.';
  }
}

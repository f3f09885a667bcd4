'use client';

import { ErrorView } from '@/features/shell/views/error-view';

/** Anything a signed-in page throws (the API down, an unexpected answer) lands here. */
export default function SignedInError({
  error,
  retry,
}: {
  error: Error & { digest?: string };
  retry: () => void;
}) {
  // `retry` re-fetches the server component; `reset` would only re-render the stale error.
  return <ErrorView digest={error.digest} onRetry={retry} />;
}

/** A friendly line for the reason the sign-in page was shown, or none for a plain visit. */
export function signInMessage(error: unknown): string | undefined {
  if (typeof error !== 'string' || !error) return undefined;
  switch (error) {
    case 'SessionExpired':
      return 'Your session has ended. Sign in again to continue.';
    case 'AccessDenied':
      return 'Access was denied. Ask an administrator if you think you should have access.';
    case 'OAuthSignin':
    case 'OAuthCallback':
    case 'Callback':
      return 'Sign-in could not be completed. Please try again.';
    default:
      return 'Something went wrong while signing in. Please try again.';
  }
}

import type { DefaultSession } from 'next-auth';

declare module 'next-auth' {
  /** What the browser may see: who is signed in, never a token. */
  interface Session {
    user: DefaultSession['user'] & { roles: string[]; teams: string[] };
    /** Set when the access token could not be refreshed; the UI then signs in again. */
    error?: 'RefreshAccessTokenError';
  }
}

declare module 'next-auth/jwt' {
  /** The encrypted session cookie's contents, readable only on the server. */
  interface JWT {
    name?: string | null;
    email?: string | null;
    roles?: string[];
    teams?: string[];
    accessToken?: string;
    /** Epoch milliseconds. */
    accessTokenExpires?: number;
    refreshToken?: string;
    idToken?: string;
    error?: 'RefreshAccessTokenError';
  }
}

import { redirect } from 'next/navigation';
import { connection } from 'next/server';
import { getServerSession, type Session } from 'next-auth';
import { authOptions } from './auth-options';
import { signInPath } from './sign-in-path';

/**
 * The signed-in user's session, for server components. The proxy already sends signed-out
 * visitors to sign in; this is the second check, for a session whose refresh failed.
 */
export async function requireSession(callbackPath: string): Promise<Session> {
  // Per-request by nature; this also keeps `next build` from prerendering signed-in pages.
  await connection();
  const session = await getServerSession(authOptions());
  if (!session) redirect(signInPath(callbackPath));
  if (session.error) redirect(signInPath(callbackPath, 'SessionExpired'));
  return session;
}

import NextAuth from 'next-auth';
import { authOptions } from '@/lib/auth/auth-options';

type Context = { params: Promise<{ nextauth: string[] }> };

// Options are built on first request, not at import, so `next build` needs no runtime config.
function handler(req: Request, context: Context) {
  return NextAuth(req as never, context as never, authOptions());
}

export { handler as GET, handler as POST };

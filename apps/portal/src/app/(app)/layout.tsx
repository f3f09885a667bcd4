import type { ReactNode } from 'react';
import { AppShell } from '@/features/shell/views/app-shell';
import { requireSession } from '@/lib/auth/require-session';

/** Every page in this group needs a session; pages add their own callback path. */
export default async function SignedInLayout({ children }: { children: ReactNode }) {
  const session = await requireSession('/');
  return <AppShell user={session.user}>{children}</AppShell>;
}

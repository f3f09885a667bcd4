import type { Metadata } from 'next';
import { loadMe } from '@/features/account/lib/load-me';
import { TeamRequestsView } from '@/features/teams/views/team-requests-view';
import { requireSession } from '@/lib/auth/require-session';

export const metadata: Metadata = { title: 'Teams' };

export default async function TeamsPage() {
  await requireSession('/teams');
  const me = await loadMe();
  // A hint only: governance lets platform admins (with the admin scope) decide, never their own.
  const decides = (me?.orgRoles ?? []).some(
    (role) => role.toLowerCase().replace('_', '-') === 'platform-admin',
  );
  return <TeamRequestsView decides={decides} me={me?.subject ?? null} />;
}

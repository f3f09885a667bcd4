import type { Metadata } from 'next';
import { maintainedTeams } from '@/features/access-requests/lib/request-status';
import { AccessRequestsView } from '@/features/access-requests/views/access-requests-view';
import { loadMe } from '@/features/account/lib/load-me';
import { requireSession } from '@/lib/auth/require-session';

export const metadata: Metadata = { title: 'Access' };

const TEAM_SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export default async function AccessRequestsPage({
  searchParams,
}: {
  searchParams: Promise<{ team?: string | string[] }>;
}) {
  await requireSession('/access-requests');
  const { team } = await searchParams;
  const me = await loadMe();
  // A hint only: platform admins answer every team's requests, and governance checks each answer.
  const maintains =
    maintainedTeams(me).length > 0 ||
    (me?.orgRoles ?? []).some((role) => role.toLowerCase().replace('_', '-') === 'platform-admin');
  return (
    <AccessRequestsView
      maintains={maintains}
      initialTeam={typeof team === 'string' && TEAM_SLUG.test(team) ? team : undefined}
    />
  );
}

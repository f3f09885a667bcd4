import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { maintains } from '@/features/account/lib/describe-rights';
import { loadMe } from '@/features/account/lib/load-me';
import { TeamView } from '@/features/teams/views/team-view';
import { requireSession } from '@/lib/auth/require-session';

type Props = { params: Promise<{ slug: string }> };

const TEAM_SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export async function generateMetadata(props: Props): Promise<Metadata> {
  return { title: `Team ${(await props.params).slug}` };
}

export default async function TeamPage(props: Props) {
  const { slug } = await props.params;
  if (!TEAM_SLUG.test(slug) || slug.length > 50) notFound();
  await requireSession(`/teams/${slug}`);
  // A hint for the page only: the API decides who may manage members.
  const canManage = maintains(await loadMe(), slug);
  return <TeamView team={slug} canManage={canManage} />;
}

import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { insightsHref, parseInsightsFilter } from '@/features/insights/lib/insights-filter';
import { loadInsights } from '@/features/insights/lib/load-insights';
import { InsightsView } from '@/features/insights/views/insights-view';
import { requireSession } from '@/lib/auth/require-session';

export const metadata: Metadata = { title: 'Insights' };

/**
 * `/insights?from=&to=&team=`: adoption, lead time, approvals and risk posture. Open to everyone
 * signed in: the API decides which teams and model names each caller sees.
 */
export default async function InsightsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const filter = parseInsightsFilter(params);
  // The filter form sends `team=` for "All teams"; the link to share should not carry it.
  if (params.team === '') redirect(insightsHref(filter));
  await requireSession(insightsHref(filter));
  return <InsightsView filter={filter} load={await loadInsights(filter)} />;
}

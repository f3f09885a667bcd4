import { notFound } from 'next/navigation';
import { loadMe } from '@/features/account/lib/load-me';
import { loadOverview } from '@/features/model-tabs/lib/load-overview';
import { modelForTab, type TabProps, tabMetadata } from '@/features/model-tabs/lib/tab-route';
import { OverviewView } from '@/features/model-tabs/views/overview-view';
import { doneNotice } from '@/features/promotions/actions/action-state';
import { loadRiskTierHistory } from '@/features/promotions/lib/load-risk-tier-history';
import { actorName, approvesFor, maintains } from '@/features/promotions/lib/team-rights';
import { loadRollouts } from '@/features/rollouts/lib/load-rollouts';

export const generateMetadata = (props: TabProps) => tabMetadata(props);

type Props = TabProps & { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** `/models/<id>`: the overview tab. */
export default async function ModelOverviewPage(props: Props) {
  const model = await modelForTab(props, '');
  const [overview, tier, me, search, rollouts] = await Promise.all([
    loadOverview(model.id),
    loadRiskTierHistory(model.id),
    loadMe(),
    props.searchParams,
    loadRollouts(model.id),
  ]);
  const { latest, production, deprecated } = overview ?? notFound();
  const mayRollBack = maintains(me, model.team.slug) || approvesFor(me, model.team.slug);
  return (
    <OverviewView
      model={model}
      latest={latest}
      rollback={production && mayRollBack ? { production, deprecated } : null}
      rollouts={rollouts}
      tierHistory={tier?.history ?? null}
      pendingTierChange={tier?.pending ?? null}
      decidesTierChange={
        !!tier?.pending && approvesFor(me, model.team.slug) && actorName(me) !== tier.pending.requestedBy
      }
      maintains={maintains(me, model.team.slug)}
      notice={doneNotice(search.done)}
    />
  );
}

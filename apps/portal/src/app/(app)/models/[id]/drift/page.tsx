import { notFound } from 'next/navigation';
import { loadMe } from '@/features/account/lib/load-me';
import { loadDrift } from '@/features/drift/lib/load-drift';
import { DriftView } from '@/features/drift/views/drift-view';
import { modelForTab, type TabProps, tabMetadata } from '@/features/model-tabs/lib/tab-route';
import { contributesTo } from '@/features/promotions/lib/team-rights';

type Props = TabProps & { searchParams: Promise<Record<string, string | string[] | undefined>> };

export const generateMetadata = (props: TabProps) => tabMetadata(props, 'Drift');

/** `/models/<id>/drift`: drift alarms, retrain suggestions and reference-against-production charts. */
export default async function ModelDriftPage(props: Props) {
  const model = await modelForTab(props, 'drift');
  const [drift, me, search] = await Promise.all([loadDrift(model.id), loadMe(), props.searchParams]);
  if (!drift) notFound();
  return (
    <DriftView
      modelId={model.id}
      versions={drift.versions}
      totalVersions={drift.totalVersions}
      moreWithDrift={drift.moreWithDrift}
      contributes={contributesTo(me, model.team.slug)}
      notice={search.done === 'acknowledged' ? 'The alarm was acknowledged.' : null}
    />
  );
}

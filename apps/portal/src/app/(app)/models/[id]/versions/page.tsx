import { notFound } from 'next/navigation';
import { loadMe } from '@/features/account/lib/load-me';
import { loadModel } from '@/features/model-detail/lib/load-model';
import { modelForTab, type TabProps, tabMetadata } from '@/features/model-tabs/lib/tab-route';
import { VersionsView } from '@/features/model-tabs/views/versions-view';
import { doneNotice } from '@/features/promotions/actions/action-state';
import { loadVersionPromotions } from '@/features/promotions/lib/load-version-promotions';
import { actorName, contributesTo } from '@/features/promotions/lib/team-rights';

export const generateMetadata = (props: TabProps) => tabMetadata(props, 'Versions');

type Props = TabProps & { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** `/models/<id>/versions`: every version with its stage, metrics, training data and promotions. */
export default async function ModelVersionsPage(props: Props) {
  const model = await modelForTab(props, 'versions');
  const [detail, me, search] = await Promise.all([loadModel(model.id), loadMe(), props.searchParams]);
  if (!detail) notFound();
  const promotions = await loadVersionPromotions(detail.versions.items.map((v) => v.id));
  return (
    <VersionsView
      model={detail}
      promotions={promotions}
      contributes={!model.archive && contributesTo(me, model.team.slug)}
      me={actorName(me)}
      notice={doneNotice(search.done)}
    />
  );
}

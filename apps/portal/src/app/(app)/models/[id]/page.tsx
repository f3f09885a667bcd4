import { notFound } from 'next/navigation';
import { loadOverview } from '@/features/model-tabs/lib/load-overview';
import { modelForTab, type TabProps, tabMetadata } from '@/features/model-tabs/lib/tab-route';
import { OverviewView } from '@/features/model-tabs/views/overview-view';

export const generateMetadata = (props: TabProps) => tabMetadata(props);

/** `/models/<id>`: the overview tab. */
export default async function ModelOverviewPage(props: TabProps) {
  const model = await modelForTab(props, '');
  const overview = (await loadOverview(model.id)) ?? notFound();
  return <OverviewView model={model} latest={overview.latest} />;
}

import { notFound } from 'next/navigation';
import { loadLineage } from '@/features/model-tabs/lib/load-lineage';
import { modelForTab, type TabProps, tabMetadata } from '@/features/model-tabs/lib/tab-route';
import { LineageView } from '@/features/model-tabs/views/lineage-view';

export const generateMetadata = (props: TabProps) => tabMetadata(props, 'Lineage');

/** `/models/<id>/lineage`: the data and training runs upstream of the versions. */
export default async function ModelLineagePage(props: TabProps) {
  const model = await modelForTab(props, 'lineage');
  const lineage = (await loadLineage(model.id)) ?? notFound();
  return <LineageView versions={lineage.versions} totalVersions={lineage.totalVersions} />;
}

import { notFound } from 'next/navigation';
import { loadModel } from '@/features/model-detail/lib/load-model';
import { modelForTab, type TabProps, tabMetadata } from '@/features/model-tabs/lib/tab-route';
import { VersionsView } from '@/features/model-tabs/views/versions-view';

export const generateMetadata = (props: TabProps) => tabMetadata(props, 'Versions');

/** `/models/<id>/versions`: every version with its stage, metrics and training data. */
export default async function ModelVersionsPage(props: TabProps) {
  const model = await modelForTab(props, 'versions');
  return <VersionsView model={(await loadModel(model.id)) ?? notFound()} />;
}

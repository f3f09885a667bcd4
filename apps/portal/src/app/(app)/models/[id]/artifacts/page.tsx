import { notFound } from 'next/navigation';
import { loadArtifacts } from '@/features/model-tabs/lib/load-artifacts';
import { PLAUSIBLE_ID } from '@/features/model-tabs/lib/load-model-tab';
import { modelForTab, type TabProps, tabMetadata } from '@/features/model-tabs/lib/tab-route';
import { ArtifactsView } from '@/features/model-tabs/views/artifacts-view';

type Props = TabProps & { searchParams: Promise<Record<string, string | string[] | undefined>> };

export const generateMetadata = (props: TabProps) => tabMetadata(props, 'Artifacts');

/** `/models/<id>/artifacts[?v=<version id>]`: a version's files, the latest by default. */
export default async function ModelArtifactsPage(props: Props) {
  const { v } = await props.searchParams;
  const versionId = typeof v === 'string' && v !== '' ? v : undefined;
  if (versionId !== undefined && !PLAUSIBLE_ID.test(versionId)) notFound();
  const model = await modelForTab(props, 'artifacts', versionId ? `?v=${encodeURIComponent(versionId)}` : '');
  const tab = (await loadArtifacts(model.id, versionId)) ?? notFound();
  return (
    <ArtifactsView
      modelId={model.id}
      versions={tab.versions}
      totalVersions={tab.totalVersions}
      shown={tab.shown}
    />
  );
}

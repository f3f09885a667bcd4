import { notFound } from 'next/navigation';
import { loadAliases, plausibleCursor } from '@/features/model-tabs/lib/load-aliases';
import { modelForTab, type TabProps, tabMetadata } from '@/features/model-tabs/lib/tab-route';
import { AliasesView } from '@/features/model-tabs/views/aliases-view';

type Props = TabProps & { searchParams: Promise<Record<string, string | string[] | undefined>> };

export const generateMetadata = (props: TabProps) => tabMetadata(props, 'Aliases');

/** `/models/<id>/aliases[?after=<cursor>]`: the aliases now and a page of their history. */
export default async function ModelAliasesPage(props: Props) {
  const after = plausibleCursor((await props.searchParams).after);
  const model = await modelForTab(props, 'aliases', after ? `?after=${encodeURIComponent(after)}` : '');
  const tab = (await loadAliases(model.id, after)) ?? notFound();
  return (
    <AliasesView
      modelId={model.id}
      aliases={tab.aliases}
      history={tab.history}
      totalChanges={tab.totalChanges}
      olderCursor={tab.olderCursor}
      paged={after !== undefined}
    />
  );
}

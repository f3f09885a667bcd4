import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { comparePath, parseCompareParams } from '@/features/compare-versions/lib/compare-params';
import { loadComparison } from '@/features/compare-versions/lib/load-comparison';
import { CompareView } from '@/features/compare-versions/views/compare-view';
import { loadModel } from '@/features/model-detail/lib/load-model';
import { requireSession } from '@/lib/auth/require-session';

type Props = {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

const PLAUSIBLE_ID = /^[A-Za-z0-9-]{1,64}$/;

export const metadata: Metadata = { title: 'Compare versions' };

/** `/models/<id>/compare?v=<id>&v=<id>…`: the picked versions stay in the URL, to share or reload. */
export default async function ComparePage(props: Props) {
  const { id } = await props.params;
  if (!PLAUSIBLE_ID.test(id)) notFound();
  const { versionIds, onlyDifferences } = parseCompareParams(await props.searchParams);
  const here = comparePath(id, versionIds, !onlyDifferences);
  await requireSession(here);
  const model = (await loadModel(id)) ?? notFound();
  const result = await loadComparison(model.id, here, versionIds, onlyDifferences);
  return <CompareView model={model} picked={versionIds} showAll={!onlyDifferences} result={result} />;
}

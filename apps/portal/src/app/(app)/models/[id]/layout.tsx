import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { comparePath } from '@/features/compare-versions/lib/compare-params';
import { loadOpenAlarmCount } from '@/features/drift/lib/load-open-alarm-count';
import { ModelHeader } from '@/features/model-tabs/components/model-header';
import { ModelTabBar } from '@/features/model-tabs/components/model-tab-bar';
import { loadModelHeader, PLAUSIBLE_ID } from '@/features/model-tabs/lib/load-model-tab';
import styles from '@/features/model-tabs/views/model-layout.module.css';
import { requireSession } from '@/lib/auth/require-session';

/**
 * The model's header and tab bar, shared by every tab. A model the caller may not see is a 404
 * here, before anything streams: `models/not-found.tsx` answers it (a layout's own segment
 * cannot catch what the layout throws).
 */
export default async function ModelLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ id: string }>;
}) {
  const { id } = await params;
  if (!PLAUSIBLE_ID.test(id)) notFound();
  await requireSession(`/models/${encodeURIComponent(id)}`);
  const model = (await loadModelHeader(id)) ?? notFound();
  const openDriftAlarms = await loadOpenAlarmCount(model.id);
  const [newest, previous] = model.newest.edges.map((e) => e.node.id);
  // The two newest, the older as the baseline; with fewer, the compare page explains.
  const compareHref =
    newest && previous ? comparePath(model.id, [previous, newest]) : comparePath(model.id, []);
  return (
    <article className={styles.page} aria-labelledby="model-title">
      <ModelHeader model={model} openDriftAlarms={openDriftAlarms} />
      <ModelTabBar modelId={model.id} compareHref={compareHref} />
      {children}
    </article>
  );
}

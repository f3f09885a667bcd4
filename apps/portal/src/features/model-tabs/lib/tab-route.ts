import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { requireSession } from '@/lib/auth/require-session';
import type { ModelHeader } from '../graphql/model-header';
import { loadModelHeader, PLAUSIBLE_ID } from './load-model-tab';

export type TabProps = { params: Promise<{ id: string }> };

/**
 * What every tab's page does first: a plausible id, a session (returning to this tab after
 * signing in), and a model the caller may see, or the not-found page. The layout asks the same
 * (cached) question, so a hidden model is a 404 on every tab.
 */
export async function modelForTab(props: TabProps, segment: string, search = ''): Promise<ModelHeader> {
  const { id } = await props.params;
  if (!PLAUSIBLE_ID.test(id)) notFound();
  await requireSession(`/models/${encodeURIComponent(id)}${segment ? `/${segment}` : ''}${search}`);
  return (await loadModelHeader(id)) ?? notFound();
}

/** "<model> · <tab>", or the model's name alone on the overview. */
export async function tabMetadata(props: TabProps, label?: string): Promise<Metadata> {
  const { id } = await props.params;
  const model = PLAUSIBLE_ID.test(id) ? await loadModelHeader(id) : null;
  if (!model) return { title: 'Model not found' };
  return { title: label ? `${model.name} · ${label}` : model.name };
}

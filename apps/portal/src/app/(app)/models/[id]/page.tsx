import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { loadModel } from '@/features/model-detail/lib/load-model';
import { ModelDetailView } from '@/features/model-detail/views/model-detail-view';
import { requireSession } from '@/lib/auth/require-session';

type Props = { params: Promise<{ id: string }> };

/** Model ids are UUIDs; anything implausible is a 404 without asking the API. */
const PLAUSIBLE_ID = /^[A-Za-z0-9-]{1,64}$/;

async function modelFor(props: Props) {
  const { id } = await props.params;
  if (!PLAUSIBLE_ID.test(id)) notFound();
  await requireSession(`/models/${id}`);
  return (await loadModel(id)) ?? notFound();
}

export async function generateMetadata(props: Props): Promise<Metadata> {
  return { title: (await modelFor(props)).name };
}

export default async function ModelPage(props: Props) {
  return <ModelDetailView model={await modelFor(props)} />;
}

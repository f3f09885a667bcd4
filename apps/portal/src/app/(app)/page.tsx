import type { Metadata } from 'next';
import { Suspense } from 'react';
import { catalogSearch, parseCatalogParams } from '@/features/catalog/lib/catalog-params';
import { CatalogView } from '@/features/catalog/views/catalog-view';
import { requireSession } from '@/lib/auth/require-session';

export const metadata: Metadata = { title: 'Catalog' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

function toUrlSearchParams(raw: Record<string, string | string[] | undefined>): URLSearchParams {
  const out = new URLSearchParams();
  for (const [key, value] of Object.entries(raw)) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) out.append(key, v);
  }
  return out;
}

/** The catalog. Search state lives in the URL; the view reads it and queries via urql. */
export default async function CatalogPage({ searchParams }: Props) {
  const params = parseCatalogParams(toUrlSearchParams(await searchParams));
  await requireSession(`/${catalogSearch(params)}`);
  return (
    <Suspense>
      <CatalogView />
    </Suspense>
  );
}

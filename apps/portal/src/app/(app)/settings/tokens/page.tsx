import type { Metadata } from 'next';
import { ApiTokensView } from '@/features/api-tokens/views/api-tokens-view';
import { requireSession } from '@/lib/auth/require-session';

export const metadata: Metadata = { title: 'API tokens' };

export default async function ApiTokensPage() {
  await requireSession('/settings/tokens');
  return <ApiTokensView />;
}

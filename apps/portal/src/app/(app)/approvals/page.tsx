import type { Metadata } from 'next';
import { loadMe } from '@/features/account/lib/load-me';
import { loadInbox } from '@/features/promotions/lib/load-inbox';
import { approvesAnywhere } from '@/features/promotions/lib/team-rights';
import { InboxView } from '@/features/promotions/views/inbox-view';
import { requireSession } from '@/lib/auth/require-session';

export const metadata: Metadata = { title: 'Approvals' };

/** `/approvals`: the caller's promotion inbox. Governance decides what is in it. */
export default async function ApprovalsPage() {
  await requireSession('/approvals');
  const [items, me] = await Promise.all([loadInbox(), loadMe()]);
  return <InboxView items={items} approver={approvesAnywhere(me)} now={Date.now()} />;
}

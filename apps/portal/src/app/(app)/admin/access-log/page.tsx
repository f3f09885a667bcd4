import type { Metadata } from 'next';
import { AccessLogView } from '@/features/access-log/views/access-log-view';
import { requireSession } from '@/lib/auth/require-session';

export const metadata: Metadata = { title: 'Access log' };

/** For platform admins and auditors; anyone else sees governance's FORBIDDEN in the view. */
export default async function AccessLogPage() {
  await requireSession('/admin/access-log');
  return <AccessLogView />;
}

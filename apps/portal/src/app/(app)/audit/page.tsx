import type { Metadata } from 'next';
import { auditHref, parseAuditFilter } from '@/features/audit/lib/audit-filter';
import { loadAudit } from '@/features/audit/lib/load-audit';
import { AuditNotAllowedView, AuditView } from '@/features/audit/views/audit-view';
import { requireSession } from '@/lib/auth/require-session';

export const metadata: Metadata = { title: 'Audit log' };

/**
 * `/audit?source=&type=&subject=&actor=&from=&to=&after=`: the audit chain. Platform admins and
 * auditors only; governance decides (the navigation entry is a hint), anyone else is told so.
 */
export default async function AuditPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const filter = parseAuditFilter(await searchParams);
  await requireSession(auditHref(filter, filter.after));
  const load = await loadAudit(filter);
  if (!load.allowed) return <AuditNotAllowedView message={load.message} />;
  return <AuditView filter={filter} verification={load.verification} page={load.page} />;
}

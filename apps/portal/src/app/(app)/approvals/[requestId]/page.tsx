import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { loadMe } from '@/features/account/lib/load-me';
import { doneNotice } from '@/features/promotions/actions/action-state';
import { decideHint } from '@/features/promotions/lib/decide-hint';
import { loadPromotionDetail } from '@/features/promotions/lib/load-promotion-detail';
import { actorName, approvesFor } from '@/features/promotions/lib/team-rights';
import { PromotionDetailView } from '@/features/promotions/views/promotion-detail-view';
import { requireSession } from '@/lib/auth/require-session';

export const metadata: Metadata = { title: 'Promotion request' };

const PLAUSIBLE_ID = /^[A-Za-z0-9-]{1,64}$/;

type Props = {
  params: Promise<{ requestId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

/** `/approvals/<id>`: one promotion request, its evidence, and the decision forms. */
export default async function PromotionRequestPage(props: Props) {
  const { requestId } = await props.params;
  if (!PLAUSIBLE_ID.test(requestId)) notFound();
  await requireSession(`/approvals/${encodeURIComponent(requestId)}`);
  const [detail, me, search] = await Promise.all([
    loadPromotionDetail(requestId),
    loadMe(),
    props.searchParams,
  ]);
  if (!detail) notFound();
  const hint = decideHint(detail.request, detail.request.modelVersion.createdBy, {
    name: actorName(me),
    approvesForTeam: approvesFor(me, detail.request.team),
  });
  return <PromotionDetailView detail={detail} hint={hint} notice={doneNotice(search.done)} />;
}

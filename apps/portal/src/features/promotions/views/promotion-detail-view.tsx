import Link from 'next/link';
import page from '@/components/management-page/management-page.module.css';
import { StageBadge } from '@/components/stage-badge/stage-badge';
import { comparePath } from '@/features/compare-versions/lib/compare-params';
import { Comparison } from '@/features/compare-versions/views/compare-view';
import { DateTime } from '@/features/model-detail/components/date-time';
import { DecisionForms } from '../components/decision-forms';
import { DecisionList } from '../components/decision-list';
import { EvidencePanel } from '../components/evidence-panel';
import { PromotionTimeline } from '../components/promotion-timeline';
import styles from '../components/promotions.module.css';
import { RerunGuardrailsForm } from '../components/rerun-guardrails-form';
import { RiskTierBadge } from '../components/risk-tier-badge';
import type { PromotionDetailPage } from '../lib/load-promotion-detail';
import { describeProgress } from '../lib/progress-wording';

/**
 * `/approvals/<id>`: one request with what an approver weighs (progress against the policy,
 * decisions so far, the version's evidence, the diff against production) and, when the caller
 * may decide, Approve and Reject. `hint` says why the buttons are not offered.
 */
export function PromotionDetailView({
  detail,
  hint,
  notice,
}: {
  detail: PromotionDetailPage;
  hint: string | null;
  notice: string | null;
}) {
  const { request, production, comparison } = detail;
  const version = request.modelVersion;
  const model = version.model;
  const { policy } = request.progress;
  return (
    <article className={page.page} aria-labelledby="request-heading">
      <nav aria-label="Breadcrumb" className={styles.meta}>
        <Link href="/approvals">Approvals</Link> <span aria-hidden="true">/</span> {model.name} v
        {version.version}
      </nav>
      <h1 id="request-heading" className={styles.itemTitle}>
        <Link href={`/models/${encodeURIComponent(model.id)}/versions#v-${version.id}`}>
          {model.name} v{version.version}
        </Link>{' '}
        → {request.targetStage}
        <RiskTierBadge tier={model.riskTier} />
        <StageBadge stage={version.stage} />
      </h1>
      {notice ? (
        <p role="status" className={styles.notice}>
          {notice}
        </p>
      ) : null}
      <p className={styles.meta}>
        {model.team.name} · requested by {request.requestedBy} on <DateTime iso={request.requestedAt} /> ·
        expires <DateTime iso={request.expiresAt} /> · status {request.status.toLowerCase()}
      </p>
      <p className={styles.quote}>{request.justification}</p>

      <section aria-labelledby="progress-heading" className={styles.item}>
        <h2 id="progress-heading" className={styles.itemTitle}>
          Approvals
        </h2>
        <p className={styles.progress} data-testid="progress">
          {describeProgress(request.progress)}
        </p>
        <p className={styles.meta}>
          Policy version {policy.version} for {policy.riskTier} risk → {policy.targetStage}:{' '}
          {policy.requiredApprovals} distinct approver{policy.requiredApprovals === 1 ? '' : 's'}
          {policy.requiredRoles.length > 0 ? `, among them ${policy.requiredRoles.join(' and ')}` : ''}.
          Approvals bind to the manifest digest and the policy version they were given under.
        </p>
        <DecisionList request={request} />
        {hint ? (
          <p role="note" className={styles.notice} data-testid="decide-hint">
            {hint}
          </p>
        ) : (
          <DecisionForms requestId={request.id} />
        )}
      </section>

      <section aria-labelledby="evidence-heading" className={page.page}>
        <h2 id="evidence-heading">Evidence</h2>
        <EvidencePanel
          card={version.cardCompleteness}
          provenance={version.provenanceCompleteness}
          manifestDigest={version.manifestDigest}
          guardrails={request.guardrails}
        />
        {request.status === 'PENDING' ? <RerunGuardrailsForm requestId={request.id} /> : null}
      </section>

      <section aria-labelledby="diff-heading" className={page.page}>
        <h2 id="diff-heading">Against production</h2>
        {!production ? (
          <p className={styles.meta}>
            No other version of {model.name} is in PRODUCTION: nothing to compare against.
          </p>
        ) : (
          <>
            <p className={styles.meta}>
              Version {version.version} against version {production.version}, in PRODUCTION now (the
              baseline).{' '}
              <Link href={comparePath(model.id, [production.id, version.id])}>Open in Compare</Link>
            </p>
            {comparison?.kind === 'compared' ? (
              <Comparison comparison={comparison.comparison} />
            ) : comparison ? (
              <p className={styles.meta}>{comparison.message}</p>
            ) : null}
          </>
        )}
      </section>

      <section aria-labelledby="timeline-heading" className={page.page}>
        <h2 id="timeline-heading">Timeline</h2>
        <PromotionTimeline
          requests={[request]}
          moves={version.stageHistory.edges.map((e) => e.node)}
          version={version.version}
        />
      </section>
    </article>
  );
}

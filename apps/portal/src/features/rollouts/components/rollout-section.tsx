import { DateTime } from '@/features/model-detail/components/date-time';
import styles from '@/features/promotions/components/promotions.module.css';
import type { RolloutView } from '../graphql/model-rollouts';
import { percent, rolloutSummary } from '../lib/rollout-wording';

const SHOWN = 3;

/**
 * On the overview: the model's canary rollouts as a serving system reported them, newest first:
 * where each stands, its steps, every reported window with the verdict and why, and each
 * decision (an automatic rollback names the window's numbers).
 */
export function RolloutSection({
  rollouts,
  className,
}: {
  rollouts: RolloutView[] | null;
  className?: string;
}) {
  return (
    <section aria-labelledby="rollouts-heading" className={className} data-testid="rollouts">
      <h2 id="rollouts-heading">Rollouts</h2>
      {rollouts === null ? (
        <p className={styles.meta}>The rollouts could not be loaded.</p>
      ) : rollouts.length === 0 ? (
        <p className={styles.meta}>
          No canary rollout yet. A serving system starts one with <code>startRollout</code> and reports each
          window.
        </p>
      ) : (
        rollouts.slice(0, SHOWN).map((rollout) => <RolloutCard key={rollout.id} rollout={rollout} />)
      )}
    </section>
  );
}

function RolloutCard({ rollout }: { rollout: RolloutView }) {
  const { rules } = rollout.strategy;
  return (
    <article aria-label={`Rollout of version ${rollout.candidate.version}`} data-status={rollout.status}>
      <h3>{rolloutSummary(rollout)}</h3>
      <p className={styles.meta}>
        Started by {rollout.startedBy} <DateTime iso={rollout.startedAt} />. Steps{' '}
        {rollout.strategy.steps.map((step) => (
          <span
            key={step}
            aria-current={
              step === rollout.trafficPercent && rollout.status === 'IN_PROGRESS' ? 'step' : undefined
            }
          >
            {step === rollout.trafficPercent && rollout.status === 'IN_PROGRESS' ? (
              <strong>{step} %</strong>
            ) : (
              `${step} %`
            )}{' '}
          </span>
        ))}
        · windows of {rollout.strategy.windowMinutes} min · error rate at most {rules.maxErrorRateRatio} × the
        baseline’s{rules.maxLatencyP99Ms === null ? '' : `, p99 under ${rules.maxLatencyP99Ms} ms`} · at least{' '}
        {rules.minRequests} requests each side.
      </p>
      {rollout.endReason ? <p className={styles.meta}>{rollout.endReason}</p> : null}
      {rollout.windows.length > 0 ? (
        <table aria-label="Reported windows">
          <thead>
            <tr>
              <th scope="col">Window</th>
              <th scope="col">Traffic</th>
              <th scope="col">Candidate</th>
              <th scope="col">Baseline</th>
              <th scope="col">Verdict</th>
            </tr>
          </thead>
          <tbody>
            {rollout.windows.map((w) => (
              <tr key={w.id}>
                <td>
                  <DateTime iso={w.end} />
                </td>
                <td>{w.trafficPercent} %</td>
                <td>
                  {w.candidate.requests} req, {percent(w.candidate.errorRate)} errors
                  {w.candidate.latencyP99Ms === null ? '' : `, p99 ${w.candidate.latencyP99Ms} ms`}
                </td>
                <td>
                  {w.baseline.requests} req, {percent(w.baseline.errorRate)} errors
                  {w.baseline.latencyP99Ms === null ? '' : `, p99 ${w.baseline.latencyP99Ms} ms`}
                </td>
                <td>
                  {w.verdict}
                  {w.findings.length > 0 ? `: ${w.findings.join('; ')}` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className={styles.meta}>No window reported yet.</p>
      )}
      {rollout.decisions.length > 0 ? (
        <ol className={styles.timeline} aria-label="Rollout decisions">
          {rollout.decisions.map((d) => (
            <li key={`${d.decidedAt}-${d.kind}`}>
              <DateTime iso={d.decidedAt} />:{' '}
              {d.kind === 'ROLLBACK' ? 'rolled back' : d.kind === 'COMPLETE' ? 'completed' : 'advanced'}{' '}
              {d.fromPercent} % → {d.toPercent} % {d.automatic ? 'automatically' : `by ${d.decidedBy}`}:{' '}
              {d.reason}
            </li>
          ))}
        </ol>
      ) : null}
    </article>
  );
}

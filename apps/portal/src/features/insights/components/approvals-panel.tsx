import type { Insights } from '../graphql/insights';
import { formatHours, formatShare } from '../lib/format';
import { FigureList } from './figure-list';
import styles from './insights.module.css';
import { COLOURS } from './palette';

/**
 * Reasons are sentences, too long for a chart's axis: a ranked list where each wraps, with a bar
 * of its share of the most common reason.
 */
function RejectionReasons({ reasons }: { reasons: Insights['approvals']['rejectionReasons'] }) {
  const most = Math.max(...reasons.map((r) => r.count));
  return (
    <ol className={styles.reasons} aria-label="Rejection reasons" data-testid="rejection-reasons">
      {reasons.map((r) => (
        <li key={r.reason}>
          <span className={styles.reasonText}>{r.reason || '(no reason given)'}</span>
          <span className={styles.reasonCount}>{r.count}</span>
          <span
            className={styles.reasonBar}
            style={{ width: `${(r.count / most) * 100}%`, background: COLOURS.vermilion }}
            aria-hidden="true"
          />
        </li>
      ))}
    </ol>
  );
}

/** Approval latency, the rejection rate and why requests were rejected. */
export function ApprovalsPanel({ approvals }: { approvals: Insights['approvals'] }) {
  const decided = approvals.completed + approvals.rejected;
  const figures: [string, string][] = [
    ['Approval latency p50', formatHours(approvals.approvalLatency.p50Hours)],
    ['Approval latency p90', formatHours(approvals.approvalLatency.p90Hours)],
    ['Rejection rate', formatShare(approvals.rejectionRate)],
    ['Completed', String(approvals.completed)],
    ['Rejected', String(approvals.rejected)],
  ];
  return (
    <>
      <FigureList figures={figures} testId="approval-figures" />
      {approvals.rejectionReasons.length > 0 ? (
        <RejectionReasons reasons={approvals.rejectionReasons} />
      ) : (
        <p className={styles.empty}>
          {decided === 0
            ? 'No promotion request was decided in this range.'
            : 'No rejection reasons to show.'}
        </p>
      )}
      {approvals.hiddenRejections > 0 ? (
        <p className={styles.muted}>
          {approvals.hiddenRejections} more {approvals.hiddenRejections === 1 ? 'rejection' : 'rejections'} of
          models you cannot see (reasons withheld).
        </p>
      ) : null}
    </>
  );
}

import type { Insights } from '../graphql/insights';
import { formatHours, formatShare } from '../lib/format';
import { CountChart } from './count-chart';
import { FigureList } from './figure-list';
import styles from './insights.module.css';
import { COLOURS } from './palette';

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
        <CountChart
          rows={approvals.rejectionReasons.map((r) => ({ label: r.reason, count: r.count }))}
          name="Rejections"
          testId="rejection-reasons-chart"
          colour={COLOURS.vermilion}
          labelWidth={160}
        />
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

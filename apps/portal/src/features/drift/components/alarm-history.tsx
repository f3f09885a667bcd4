import { DateTime } from '@/features/model-detail/components/date-time';
import tab from '@/features/model-tabs/views/tab-view.module.css';
import type { DriftAlarm } from '../graphql/model-drift';

function status(alarm: DriftAlarm) {
  const r = alarm.resolution;
  if (!r) return <strong>Open</strong>;
  const how =
    r.resolution === 'HEALTHY_WINDOW' ? 'Resolved by a healthy window' : `Acknowledged by ${r.resolvedBy}`;
  return (
    <>
      {how} on <DateTime iso={r.resolvedAt} />
      {r.note ? `: ${r.note}` : ''}
    </>
  );
}

/** Every alarm of a version, newest first, with how it ended. */
export function AlarmHistory({ alarms, version }: { alarms: DriftAlarm[]; version: number }) {
  return (
    <div className={tab.tableWrap}>
      <table className={tab.table} data-testid="alarm-history">
        <caption className="visually-hidden">Drift alarms of version {version}, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Window</th>
            <th scope="col">Drifted features</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {alarms.map((alarm) => (
            <tr key={alarm.id}>
              <td>
                <DateTime iso={alarm.windowStart} /> – <DateTime iso={alarm.windowEnd} />
              </td>
              <td>{alarm.features.map((f) => f.feature).join(', ')}</td>
              <td>{status(alarm)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

'use client';

import { useMutation } from 'urql';
import { type AccessRequest, WITHDRAW_ACCESS_REQUEST } from '../graphql/access-requests';
import { describeStatus } from '../lib/request-status';
import styles from '../views/access-requests-view.module.css';

const dateOf = (iso: string) => new Date(iso).toLocaleString();

/** The caller's own requests with their answers; open ones can be withdrawn. */
export function MyRequests({ requests, onChanged }: { requests: AccessRequest[]; onChanged: () => void }) {
  const [, withdraw] = useMutation(WITHDRAW_ACCESS_REQUEST);
  if (requests.length === 0) return <p>You have not asked for access yet.</p>;
  return (
    <ul className={styles.requests} aria-label="My requests">
      {requests.map((request) => (
        <li key={request.id} className={styles.request} data-status={request.status}>
          <p>
            <strong>{request.role.toLowerCase()}</strong> in <strong>{request.team}</strong>
            {request.modelName ? ` (about ${request.modelName})` : ''} — {describeStatus(request)}
          </p>
          <p className={styles.meta}>
            Asked {dateOf(request.createdAt)}: {request.justification}
          </p>
          {request.decisionComment ? <p>“{request.decisionComment}”</p> : null}
          {request.status === 'OPEN' ? (
            <div>
              <button
                type="button"
                onClick={async () => {
                  await withdraw({ id: request.id });
                  onChanged();
                }}
              >
                Withdraw
              </button>
            </div>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

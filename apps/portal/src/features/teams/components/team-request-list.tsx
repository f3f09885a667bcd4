'use client';

import { useState } from 'react';
import { useMutation } from 'urql';
import page from '@/components/management-page/management-page.module.css';
import { APPROVE_TEAM_REQUEST, REJECT_TEAM_REQUEST, type TeamRequest } from '../graphql/team-requests';
import { teamRequestOutcome } from '../lib/team-request-outcome';
import styles from '../views/team-requests-view.module.css';

const dateOf = (iso: string) => new Date(iso).toLocaleString();

/**
 * Team requests. `decides` (platform admins; a hint only, governance checks every answer) adds
 * Approve and Reject to open requests of other people.
 */
export function TeamRequestList({
  requests,
  decides,
  me,
  onChanged,
}: {
  requests: TeamRequest[];
  decides: boolean;
  me: string | null;
  onChanged: () => void;
}) {
  const [approving, approve] = useMutation(APPROVE_TEAM_REQUEST);
  const [rejecting, reject] = useMutation(REJECT_TEAM_REQUEST);
  const [problem, setProblem] = useState<string | null>(null);
  const busy = approving.fetching || rejecting.fetching;

  async function answer(run: () => Promise<{ error?: { graphQLErrors: { message: string }[] } }>) {
    const result = await run();
    setProblem(result.error ? (result.error.graphQLErrors[0]?.message ?? 'The answer was not saved.') : null);
    onChanged();
  }

  if (requests.length === 0) return <p>No team requests.</p>;
  return (
    <>
      {problem ? (
        <p role="alert" className={page.problem}>
          {problem}
        </p>
      ) : null}
      <ul className={styles.requests} aria-label="Team requests">
        {requests.map((request) => {
          const who = request.requesterEmail ?? request.requesterSubject;
          const mayDecide = decides && request.status === 'OPEN' && request.requesterSubject !== me;
          return (
            <li key={request.id} className={styles.request} data-status={request.status}>
              <p>
                <strong>{who}</strong> asks for team <strong>{request.slug}</strong> ({request.name})
              </p>
              <p className={styles.meta}>
                {dateOf(request.createdAt)}: {request.justification}
              </p>
              {mayDecide ? (
                <form
                  className={styles.decision}
                  aria-label={`Decide ${request.slug}`}
                  onSubmit={(event) => event.preventDefault()}
                >
                  <button
                    type="button"
                    disabled={busy}
                    onClick={() => void answer(() => approve({ id: request.id }))}
                  >
                    Approve
                  </button>
                  <label>
                    Reason
                    <input
                      name="reason"
                      maxLength={1000}
                      placeholder="Needed to reject; shown to the requester"
                    />
                  </label>
                  <button
                    type="button"
                    disabled={busy}
                    onClick={(event) => {
                      const input = event.currentTarget.form!.elements.namedItem(
                        'reason',
                      ) as HTMLInputElement;
                      input.required = true;
                      if (input.reportValidity()) {
                        void answer(() => reject({ input: { id: request.id, reason: input.value } }));
                      }
                    }}
                  >
                    Reject
                  </button>
                </form>
              ) : (
                <p>{teamRequestOutcome(request)}</p>
              )}
            </li>
          );
        })}
      </ul>
    </>
  );
}

'use client';

import { useState } from 'react';
import { useMutation } from 'urql';
import page from '@/components/management-page/management-page.module.css';
import { type AccessRequest, DECIDE_ACCESS_REQUEST } from '../graphql/access-requests';
import { describeStatus } from '../lib/request-status';
import styles from '../views/access-requests-view.module.css';

const dateOf = (iso: string) => new Date(iso).toLocaleString();

/** Requests to the teams the caller maintains: grant or deny each open one, with a comment. */
export function RequestInbox({ requests, onChanged }: { requests: AccessRequest[]; onChanged: () => void }) {
  const [deciding, decide] = useMutation(DECIDE_ACCESS_REQUEST);
  const [problem, setProblem] = useState<string | null>(null);

  async function answer(id: string, decision: 'GRANT' | 'DENY', form: HTMLFormElement) {
    const comment = String(new FormData(form).get('comment') ?? '');
    const result = await decide({ input: { id, decision, comment } });
    setProblem(result.error ? (result.error.graphQLErrors[0]?.message ?? 'The answer was not saved.') : null);
    onChanged();
  }

  if (requests.length === 0) return <p>No requests to your teams.</p>;
  return (
    <>
      {problem ? (
        <p role="alert" className={page.problem}>
          {problem}
        </p>
      ) : null}
      <ul className={styles.requests} aria-label="Requests to my teams">
        {requests.map((request) => {
          const who = request.requesterEmail ?? request.requesterSubject;
          return (
            <li key={request.id} className={styles.request} data-status={request.status}>
              <p>
                <strong>{who}</strong> asks for <strong>{request.role.toLowerCase()}</strong> in{' '}
                <strong>{request.team}</strong>
                {request.modelName ? ` (about ${request.modelName})` : ''}
              </p>
              <p className={styles.meta}>
                {dateOf(request.createdAt)}: {request.justification}
              </p>
              {request.status === 'OPEN' ? (
                <form
                  className={styles.decision}
                  aria-label={`Answer ${who}`}
                  onSubmit={(event) => event.preventDefault()}
                >
                  <label>
                    Comment
                    <input name="comment" required maxLength={1000} placeholder="Shown to the requester" />
                  </label>
                  <button
                    type="button"
                    disabled={deciding.fetching}
                    onClick={(event) => {
                      const form = event.currentTarget.form!;
                      if (form.reportValidity()) void answer(request.id, 'GRANT', form);
                    }}
                  >
                    Grant
                  </button>
                  <button
                    type="button"
                    disabled={deciding.fetching}
                    onClick={(event) => {
                      const form = event.currentTarget.form!;
                      if (form.reportValidity()) void answer(request.id, 'DENY', form);
                    }}
                  >
                    Deny
                  </button>
                </form>
              ) : (
                <p>
                  {describeStatus(request)}
                  {request.decisionComment ? `: “${request.decisionComment}”` : ''}
                </p>
              )}
            </li>
          );
        })}
      </ul>
    </>
  );
}

'use client';

import { type FormEvent, useState } from 'react';
import { useMutation } from 'urql';
import page from '@/components/management-page/management-page.module.css';
import { REQUEST_ACCESS, ROLES } from '../graphql/access-requests';

/** Asks a team for a role; the team's maintainers see it in their inbox. */
export function AskForAccessForm({ initialTeam, onAsked }: { initialTeam?: string; onAsked: () => void }) {
  const [asking, ask] = useMutation(REQUEST_ACCESS);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const team = String(form.get('team') ?? '').trim();
    const result = await ask({
      input: {
        team,
        role: String(form.get('role') ?? 'VIEWER'),
        justification: String(form.get('justification') ?? ''),
      },
    });
    if (result.error) {
      setDone(null);
      setProblem(result.error.graphQLErrors[0]?.message ?? 'The request could not be sent.');
      return;
    }
    setProblem(null);
    setDone(`Your request to ${team} is waiting for its maintainers.`);
    formElement.reset();
    onAsked();
  }

  return (
    <form className={page.form} onSubmit={onSubmit} aria-label="Ask for access">
      <label>
        Team
        <input
          name="team"
          required
          maxLength={100}
          defaultValue={initialTeam}
          placeholder="e.g. fraud-detection"
          pattern="[a-z0-9]+(-[a-z0-9]+)*"
          title="The team's slug: lowercase letters, digits and hyphens"
        />
      </label>
      <label>
        Role
        <select name="role" defaultValue="VIEWER">
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {role.toLowerCase()}
            </option>
          ))}
        </select>
      </label>
      <label>
        Why do you need it?
        <textarea name="justification" required maxLength={1000} rows={3} />
      </label>
      <button type="submit" disabled={asking.fetching}>
        Ask for access
      </button>
      {problem ? (
        <p role="alert" className={page.problem}>
          {problem}
        </p>
      ) : null}
      {done ? <p role="status">{done}</p> : null}
    </form>
  );
}

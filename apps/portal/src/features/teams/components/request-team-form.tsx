'use client';

import { type FormEvent, useState } from 'react';
import { useMutation } from 'urql';
import page from '@/components/management-page/management-page.module.css';
import { REQUEST_TEAM } from '../graphql/team-requests';

/** Asks for a new team; platform admins approve or reject it. */
export function RequestTeamForm({ onAsked }: { onAsked: () => void }) {
  const [asking, ask] = useMutation(REQUEST_TEAM);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const slug = String(form.get('slug') ?? '').trim();
    const result = await ask({
      input: {
        slug,
        name: String(form.get('name') ?? ''),
        justification: String(form.get('justification') ?? ''),
      },
    });
    if (result.error) {
      setDone(null);
      setProblem(result.error.graphQLErrors[0]?.message ?? 'The request could not be sent.');
      return;
    }
    setProblem(null);
    setDone(`Your request for ${slug} is waiting for the platform admins.`);
    formElement.reset();
    onAsked();
  }

  return (
    <form className={page.form} onSubmit={onSubmit} aria-label="Request a team">
      <label>
        Slug
        <input
          name="slug"
          required
          minLength={2}
          maxLength={50}
          placeholder="e.g. payments-risk"
          pattern="[a-z0-9]+(-[a-z0-9]+)*"
          title="Lowercase letters, digits and single hyphens"
        />
      </label>
      <label>
        Name
        <input name="name" required maxLength={100} placeholder="e.g. Payments risk" />
      </label>
      <label>
        Why do you need it?
        <textarea name="justification" required maxLength={1000} rows={3} />
      </label>
      <button type="submit" disabled={asking.fetching}>
        Request a team
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

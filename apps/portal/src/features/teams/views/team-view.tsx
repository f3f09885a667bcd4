'use client';

import { type FormEvent, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import styles from '@/components/management-page/management-page.module.css';
import {
  GRANT_MEMBERSHIP,
  REVOKE_MEMBERSHIP,
  TEAM_MEMBERS_QUERY,
  TEAM_ROLES,
  type TeamMembersData,
} from '../graphql/team-members';

interface Props {
  team: string;
  /** A hint from the caller's rights; the API refuses anyone else whatever the page shows. */
  canManage: boolean;
}

/**
 * A team's members managed in Cairn, with their roles. Maintainers add and remove members;
 * memberships that come from identity-provider groups are managed there and are not listed.
 */
export function TeamView({ team, canManage }: Props) {
  const [members, refetch] = useQuery<TeamMembersData>({
    query: TEAM_MEMBERS_QUERY,
    variables: { team },
    requestPolicy: 'network-only',
  });
  const [granting, grant] = useMutation(GRANT_MEMBERSHIP);
  const [, revoke] = useMutation(REVOKE_MEMBERSHIP);
  const [problem, setProblem] = useState<string | null>(null);

  async function onGrant(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const result = await grant({
      input: {
        team,
        email: String(form.get('email') ?? ''),
        role: String(form.get('role') ?? 'VIEWER'),
        approver: form.get('approver') === 'on',
      },
    });
    setProblem(
      result.error ? (result.error.graphQLErrors[0]?.message ?? 'The member could not be added.') : null,
    );
    if (!result.error) formElement.reset();
    refetch({ requestPolicy: 'network-only' });
  }

  async function onRevoke(subject: string) {
    const result = await revoke({ input: { team, subject } });
    setProblem(
      result.error ? (result.error.graphQLErrors[0]?.message ?? 'The member could not be removed.') : null,
    );
    refetch({ requestPolicy: 'network-only' });
  }

  return (
    <section className={styles.page} aria-labelledby="team-heading">
      <h1 id="team-heading">Team {team}</h1>
      <p className={styles.lead}>
        Members added here hold their role in addition to what their identity-provider groups grant.
      </p>
      {problem ? (
        <p role="alert" className={styles.problem}>
          {problem}
        </p>
      ) : null}
      {members.error ? (
        <p role="alert">{members.error.graphQLErrors[0]?.message ?? 'Members could not be loaded.'}</p>
      ) : null}
      {members.data ? (
        members.data.teamMembers.edges.length === 0 ? (
          <p>No members have been added in Cairn yet.</p>
        ) : (
          <table className={styles.table} aria-label="Members">
            <thead>
              <tr>
                <th scope="col">Member</th>
                <th scope="col">Role</th>
                <th scope="col">Added by</th>
                {canManage ? (
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {members.data.teamMembers.edges.map(({ node: member }) => (
                <tr key={member.subject}>
                  <td>{member.email ?? member.subject}</td>
                  <td>
                    {member.role.toLowerCase()}
                    {member.approver ? ', approver' : ''}
                  </td>
                  <td>{member.grantedBy}</td>
                  {canManage ? (
                    <td>
                      <button
                        type="button"
                        onClick={() => onRevoke(member.subject)}
                        aria-label={`Remove ${member.email ?? member.subject}`}
                      >
                        Remove
                      </button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        )
      ) : null}
      {canManage ? (
        <form className={styles.form} onSubmit={onGrant} aria-label="Add a member">
          <h2>Add a member</h2>
          <label>
            Email
            <input name="email" type="email" required placeholder="someone@example.com" />
          </label>
          <label>
            Role
            <select name="role" defaultValue="VIEWER">
              {TEAM_ROLES.map((role) => (
                <option key={role} value={role}>
                  {role.toLowerCase()}
                </option>
              ))}
            </select>
          </label>
          <label className={styles.check}>
            <input type="checkbox" name="approver" /> May approve promotions
          </label>
          <button type="submit" disabled={granting.fetching}>
            Add member
          </button>
        </form>
      ) : null}
    </section>
  );
}

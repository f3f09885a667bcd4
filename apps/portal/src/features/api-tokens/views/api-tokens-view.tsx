'use client';

import { type FormEvent, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import styles from '@/components/management-page/management-page.module.css';
import {
  API_TOKENS_QUERY,
  type ApiTokensData,
  CREATE_API_TOKEN,
  type CreateApiTokenData,
  REVOKE_API_TOKEN,
  type RevokeApiTokenData,
  SCOPES,
} from '../graphql/api-tokens';
import { expiryIn, tokenStatus } from '../lib/token-status';

const EXPIRIES = [7, 30, 90, 365];
const dateOf = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');

/** Personal API tokens: create one (its secret is shown once), see them all, revoke any. */
export function ApiTokensView() {
  const [tokens, refetch] = useQuery<ApiTokensData>({
    query: API_TOKENS_QUERY,
    requestPolicy: 'network-only',
  });
  // The newest 100; older ones are listed through the API (`apiTokens(after:)`).
  const list = tokens.data?.apiTokens.edges.map((edge) => edge.node);
  const [created, create] = useMutation<CreateApiTokenData>(CREATE_API_TOKEN);
  const [, revoke] = useMutation<RevokeApiTokenData>(REVOKE_API_TOKEN);
  const [secret, setSecret] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  async function onCreate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const scopes = SCOPES.filter((scope) => form.get(`scope-${scope}`) === 'on');
    const result = await create({
      input: {
        name: String(form.get('name') ?? ''),
        scopes,
        expiresAt: expiryIn(Number(form.get('expiry') ?? 30)),
      },
    });
    if (result.error || !result.data) {
      setProblem(result.error?.graphQLErrors[0]?.message ?? 'The token could not be created.');
      return;
    }
    setProblem(null);
    setSecret(result.data.createApiToken.secret);
    refetch({ requestPolicy: 'network-only' });
  }

  async function onRevoke(id: string) {
    const result = await revoke({ id });
    setProblem(
      result.error ? (result.error.graphQLErrors[0]?.message ?? 'The token could not be revoked.') : null,
    );
    refetch({ requestPolicy: 'network-only' });
  }

  return (
    <section className={styles.page} aria-labelledby="tokens-heading">
      <h1 id="tokens-heading">API tokens</h1>
      <p className={styles.lead}>
        Tokens let scripts and tools call the Cairn API as you, limited to the scopes you choose. Send one as{' '}
        <code>Authorization: Bearer cairn_pat_…</code>.
      </p>

      <form className={styles.form} onSubmit={onCreate} aria-label="Create a token">
        <label>
          Name
          <input name="name" required maxLength={100} placeholder="e.g. training pipeline" />
        </label>
        <fieldset>
          <legend>Scopes</legend>
          {SCOPES.map((scope) => (
            <label key={scope} className={styles.check}>
              <input type="checkbox" name={`scope-${scope}`} defaultChecked={scope === 'READ'} />{' '}
              {scope.toLowerCase()}
            </label>
          ))}
        </fieldset>
        <label>
          Expires in
          <select name="expiry" defaultValue="30">
            {EXPIRIES.map((days) => (
              <option key={days} value={days}>
                {days} days
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={created.fetching}>
          Create token
        </button>
      </form>

      {problem ? (
        <p role="alert" className={styles.problem}>
          {problem}
        </p>
      ) : null}

      {secret ? (
        <div className={styles.secret} role="status">
          <p>
            <strong>Copy your new token now.</strong> It is shown only once; Cairn keeps only its hash.
          </p>
          <output aria-label="New token">
            <code>{secret}</code>
          </output>
          <button type="button" onClick={() => setSecret(null)}>
            I have copied it
          </button>
        </div>
      ) : null}

      <h2>Your tokens</h2>
      {tokens.error ? (
        <p role="alert">{tokens.error.graphQLErrors[0]?.message ?? 'Tokens could not be loaded.'}</p>
      ) : null}
      {list && list.length === 0 ? <p>You have no API tokens yet.</p> : null}
      {list && list.length > 0 ? (
        <div className={styles.tableWrap}>
          <table className={styles.table}>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Token</th>
                <th scope="col">Scopes</th>
                <th scope="col">Expires</th>
                <th scope="col">Last used</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((token) => {
                const status = tokenStatus(token);
                return (
                  <tr key={token.id}>
                    <td>{token.name}</td>
                    <td>
                      <code>{token.hint}</code>
                    </td>
                    <td>{token.scopes.map((scope) => scope.toLowerCase()).join(', ')}</td>
                    <td>{dateOf(token.expiresAt)}</td>
                    <td>
                      {dateOf(token.lastUsedAt)}
                      {token.lastUsedClient ? (
                        <span className={styles.client}> {token.lastUsedClient}</span>
                      ) : null}
                    </td>
                    <td>{status}</td>
                    <td>
                      {status === 'active' ? (
                        <button
                          type="button"
                          onClick={() => onRevoke(token.id)}
                          aria-label={`Revoke ${token.name}`}
                        >
                          Revoke
                        </button>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

'use client';

import { useQuery } from 'urql';
import page from '@/components/management-page/management-page.module.css';
import { AskForAccessForm } from '../components/ask-for-access-form';
import { MyRequests } from '../components/my-requests';
import { RequestInbox } from '../components/request-inbox';
import {
  ACCESS_REQUEST_INBOX,
  type AccessRequestInboxData,
  MY_ACCESS_REQUESTS,
  type MyAccessRequestsData,
} from '../graphql/access-requests';

/**
 * Asking for access, the answers to your requests and, for maintainers, the requests to their
 * teams. `maintains` only decides whether the inbox is shown; governance decides every answer.
 */
export function AccessRequestsView({ maintains, initialTeam }: { maintains: boolean; initialTeam?: string }) {
  const [mine, refetchMine] = useQuery<MyAccessRequestsData>({
    query: MY_ACCESS_REQUESTS,
    requestPolicy: 'network-only',
  });
  const [inbox, refetchInbox] = useQuery<AccessRequestInboxData>({
    query: ACCESS_REQUEST_INBOX,
    requestPolicy: 'network-only',
    pause: !maintains,
  });
  const refresh = () => {
    refetchMine({ requestPolicy: 'network-only' });
    if (maintains) refetchInbox({ requestPolicy: 'network-only' });
  };

  return (
    <section className={page.page} aria-labelledby="access-heading">
      <h1 id="access-heading">Access</h1>
      <p className={page.lead}>
        Ask a team for a role. Its maintainers grant or deny it with a comment; a granted role applies from
        your next request.
      </p>
      <AskForAccessForm initialTeam={initialTeam} onAsked={refresh} />

      <h2>My requests</h2>
      {mine.error ? (
        <p role="alert">{mine.error.graphQLErrors[0]?.message ?? 'Your requests could not be loaded.'}</p>
      ) : null}
      {mine.data ? <MyRequests requests={mine.data.myAccessRequests} onChanged={refresh} /> : null}

      {maintains ? (
        <>
          <h2>Requests to my teams</h2>
          {inbox.error ? (
            <p role="alert">{inbox.error.graphQLErrors[0]?.message ?? 'The requests could not be loaded.'}</p>
          ) : null}
          {inbox.data ? <RequestInbox requests={inbox.data.accessRequestInbox} onChanged={refresh} /> : null}
        </>
      ) : null}
    </section>
  );
}

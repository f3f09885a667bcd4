'use client';

import { useQuery } from 'urql';
import page from '@/components/management-page/management-page.module.css';
import { RequestTeamForm } from '../components/request-team-form';
import { TeamRequestList } from '../components/team-request-list';
import { TEAM_REQUESTS, type TeamRequestsData } from '../graphql/team-requests';

/**
 * Self-service onboarding: ask for a new team and follow the answer; platform admins see every
 * request and approve or reject the open ones. The registry creates an approved team and its
 * requester becomes its maintainer.
 */
export function TeamRequestsView({ decides, me }: { decides: boolean; me: string | null }) {
  const [requests, refetch] = useQuery<TeamRequestsData>({
    query: TEAM_REQUESTS,
    requestPolicy: 'network-only',
  });
  const refresh = () => refetch({ requestPolicy: 'network-only' });

  return (
    <section className={page.page} aria-labelledby="teams-heading">
      <h1 id="teams-heading">Teams</h1>
      <p className={page.lead}>
        Ask for a new team. Once a platform admin approves it, the team is created with the default visibility
        and approval policies, and you are its maintainer.
      </p>
      <RequestTeamForm onAsked={refresh} />

      <h2>{decides ? 'Team requests' : 'My team requests'}</h2>
      {requests.error ? (
        <p role="alert">{requests.error.graphQLErrors[0]?.message ?? 'The requests could not be loaded.'}</p>
      ) : null}
      {requests.data ? (
        <TeamRequestList
          requests={requests.data.teamRequests}
          decides={decides}
          me={me}
          onChanged={refresh}
        />
      ) : null}
    </section>
  );
}

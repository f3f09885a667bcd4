import type { BaseContext, SubgraphModule } from '@cairn/subgraph-kit';
import type { DataSource } from 'typeorm';
import { ApiTokenService } from './api-token.service';
import { ApiTokenResolutionService } from './api-token-resolution.service';
import { CallerService } from './caller.service';
import { MembershipService } from './membership.service';
import { ServiceAccountService } from './service-account.service';
import { TeamDirectory } from './team-directory';

/** Governance's tenancy services: people, memberships, service accounts and API tokens. */
export function createAccessServices(dataSource: DataSource) {
  const teams = new TeamDirectory(dataSource);
  return {
    memberships: new MembershipService(dataSource, teams),
    serviceAccounts: new ServiceAccountService(dataSource, teams),
    callers: new CallerService(dataSource),
    apiTokens: new ApiTokenService(dataSource),
    tokenResolution: new ApiTokenResolutionService(dataSource),
  };
}

/** Adds the consumer that keeps `governance.known_team` current from the registry's log. */
export function withTeamDirectory<C extends BaseContext>(module: SubgraphModule<C>): SubgraphModule<C> {
  return {
    ...module,
    wire(dataSource, config) {
      const wiring = module.wire(dataSource, config);
      return {
        ...wiring,
        consumers: [...(wiring.consumers ?? []), new TeamDirectory(dataSource).consumer()],
      };
    },
  };
}

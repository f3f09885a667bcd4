import { ApiTokenResolver } from './api-token.resolver';
import { CallerResolutionResolver } from './caller-resolution.resolver';
import { MembershipResolver } from './membership.resolver';

/** Memberships, service accounts, API tokens and the gateway's caller resolution. */
export const ACCESS_RESOLVERS = [MembershipResolver, ApiTokenResolver, CallerResolutionResolver] as const;

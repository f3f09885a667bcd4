import { AccessLogConnectionResolver, AccessLogResolver } from './access-log.resolver';
import { AccessRequestResolver } from './access-request.resolver';

/** The access log and access requests. */
export const TRUST_RESOLVERS = [
  AccessLogResolver,
  AccessLogConnectionResolver,
  AccessRequestResolver,
] as const;

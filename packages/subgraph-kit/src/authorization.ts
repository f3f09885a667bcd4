import { ForbiddenError } from '@cairn/errors';
import { hasRole, type Role } from '@cairn/identity';
import type { AuthCheckerInterface, ResolverData } from 'type-graphql';
import type { BaseContext } from './context';

/**
 * Backs `@Authorized(...)`. Every resolver class carries one at class level, so a field added
 * later inherits the rule. `@Authorized()` with no roles means "any authenticated caller";
 * identity itself was already verified when the request's context was built.
 */
export class RoleAuthChecker implements AuthCheckerInterface<BaseContext, Role> {
  check({ context }: ResolverData<BaseContext>, roles: Role[]): boolean {
    if (roles.length === 0 || hasRole(context.principal, ...roles)) return true;
    throw new ForbiddenError(`This operation needs one of the roles: ${roles.join(', ')}`);
  }
}

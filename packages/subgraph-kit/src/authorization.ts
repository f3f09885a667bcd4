import { ForbiddenError } from '@cairn/errors';
import { hasScope, type OrgRole } from '@cairn/identity';
import type { AuthCheckerInterface, ResolverData } from 'type-graphql';
import type { BaseContext } from './context';

/**
 * Backs `@Authorized(...)`. Every resolver class carries one at class level, so a field added
 * later inherits the rule. `@Authorized()` means "any authenticated caller whose credential may
 * read"; `@Authorized('platform-admin')` also needs that organisation role. Team rights depend
 * on the resource and are checked by the services. Identity itself was verified when the
 * request's context was built.
 */
export class RoleAuthChecker implements AuthCheckerInterface<BaseContext, OrgRole> {
  check({ context }: ResolverData<BaseContext>, roles: OrgRole[]): boolean {
    if (!hasScope(context.principal, 'read'))
      throw new ForbiddenError('This credential lacks the read scope');
    if (roles.length === 0 || roles.some((role) => context.principal.orgRoles.includes(role))) return true;
    throw new ForbiddenError(`This operation needs one of the roles: ${roles.join(', ')}`);
  }
}

import { isUuid } from '@cairn/database';
import { ForbiddenError, NotFoundError, parseInput } from '@cairn/errors';
import {
  actorOf,
  hasScope,
  hasTeamRole,
  hasTeamRoleAnywhere,
  isPlatformAdmin,
  type Principal,
  readsEverything,
} from '@cairn/identity';
import { type Connection, cursorCodec, cursorParts, pageArgs, toConnection } from '@cairn/subgraph-kit';
import type { DataSource, EntityManager } from 'typeorm';
import { governanceEventLog } from '../../data-source';
import { GovernanceEvents } from '../../events';
import { createApiTokenRules } from './access-input-rules';
import { generateApiTokenSecret, hashApiTokenSecret, lastFourOf } from './api-token-secret';
import { API_TOKEN_COLUMNS, API_TOKEN_FROM, type ApiTokenRow, apiTokenById } from './api-token-store';
import { SERVICE_ACCOUNT_SUBJECT_PREFIX } from './membership-store';
import type { ServiceAccountRow } from './service-account.service';

const API_TOKEN_CURSOR = cursorCodec('api-token', cursorParts.uuid);

/** Teams whose service accounts the caller manages. */
function maintainedTeams(actor: Principal): string[] {
  return actor.memberships.filter((m) => m.role === 'maintainer').map((m) => m.team);
}

/**
 * Personal and service-account API tokens. Creating and revoking one needs the admin scope (an
 * OIDC sign-in has it; a token only if it was given it), and a token never gets a scope its
 * creator's credential lacks. The secret is returned once, by `create`, and stored as a hash.
 */
export class ApiTokenService {
  constructor(private readonly dataSource: DataSource) {}

  async create(actor: Principal, input: unknown): Promise<{ token: ApiTokenRow; secret: string }> {
    const command = parseInput(createApiTokenRules, input);
    if (!hasScope(actor, 'admin')) throw new ForbiddenError('Creating API tokens needs the admin scope');
    const missing = command.scopes.filter((scope) => !hasScope(actor, scope));
    if (missing.length > 0) {
      throw new ForbiddenError(`This credential cannot grant scopes it lacks: ${missing.join(', ')}`);
    }
    let serviceAccount: ServiceAccountRow | null = null;
    if (command.serviceAccountId) {
      if (!hasTeamRoleAnywhere(actor, 'maintainer')) {
        throw new ForbiddenError("Only a team's maintainers can create tokens for its service accounts");
      }
      serviceAccount = await this.serviceAccount(command.serviceAccountId);
      if (!hasTeamRole(actor, serviceAccount.team_slug, 'maintainer')) {
        throw new ForbiddenError(
          `Only maintainers of team "${serviceAccount.team_slug}" can create tokens for its service accounts`,
        );
      }
    } else if (actor.subject.startsWith(SERVICE_ACCOUNT_SUBJECT_PREFIX)) {
      throw new ForbiddenError('A service account has no personal tokens; a maintainer creates its tokens');
    }
    const secret = generateApiTokenSecret(serviceAccount ? 'service-account' : 'personal');
    return this.dataSource.transaction(async (manager) => {
      const [inserted] = await manager.query(
        `/* insertApiToken */ INSERT INTO governance.api_token
           (name, owner_subject, service_account_id, scopes, secret_sha256, last_four, created_by, expires_at)
         VALUES ($1, $2, $3, $4::text[], $5, $6, $7, $8) RETURNING id`,
        [
          command.name,
          serviceAccount ? null : actor.subject,
          serviceAccount?.id ?? null,
          command.scopes,
          hashApiTokenSecret(secret),
          lastFourOf(secret),
          actorOf(actor),
          command.expiresAt,
        ],
      );
      const token = (await apiTokenById(manager, inserted.id))!;
      await governanceEventLog.publish(manager, {
        type: GovernanceEvents.ApiTokenCreated,
        subjectId: token.id,
        actor: actorOf(actor),
        payload: {
          tokenId: token.id,
          name: token.name,
          ownerSubject: token.owner_subject,
          serviceAccountId: token.service_account_id,
          scopes: token.scopes,
          expiresAt: token.expires_at.toISOString(),
        },
      });
      return { token, secret };
    });
  }

  /** The caller's own tokens, their teams' service accounts' if they maintain them; all for admins and auditors. */
  /** A page of the tokens the caller may see, newest first; a cursor is the last token's id. */
  async page(
    actor: Principal,
    args: { first?: number | null; after?: string | null },
  ): Promise<Connection<ApiTokenRow>> {
    const { first, after } = pageArgs(args, API_TOKEN_CURSOR);
    const visible = [readsEverything(actor), actor.subject, maintainedTeams(actor)];
    const rows: ApiTokenRow[] = await this.dataSource.query(
      `/* pageApiTokens */ SELECT ${API_TOKEN_COLUMNS} FROM ${API_TOKEN_FROM}
        WHERE ($1::boolean OR t.owner_subject = $2 OR sa.team_slug = ANY($3::text[]))
          AND ($4::uuid IS NULL OR (t.created_at, t.id) < (SELECT created_at, id FROM governance.api_token WHERE id = $4))
        ORDER BY t.created_at DESC, t.id DESC LIMIT $5`,
      [...visible, after, first + 1],
    );
    const [{ n }] = await this.dataSource.query(
      `/* countApiTokens */ SELECT count(*)::int AS n FROM ${API_TOKEN_FROM}
        WHERE $1::boolean OR t.owner_subject = $2 OR sa.team_slug = ANY($3::text[])`,
      visible,
    );
    return toConnection(rows, first, n, (row) => API_TOKEN_CURSOR.encode(row.id));
  }

  /** Takes effect on the token's next request: the gateway asks governance on every one. */
  async revoke(actor: Principal, id: string): Promise<ApiTokenRow> {
    if (!hasScope(actor, 'admin')) throw new ForbiddenError('Revoking API tokens needs the admin scope');
    return this.dataSource.transaction(async (manager) => {
      const token = await this.manageable(actor, manager, id);
      if (token.revoked_at) return token;
      await manager.query(
        `/* revokeApiToken */ UPDATE governance.api_token SET revoked_at = clock_timestamp(), revoked_by = $2
          WHERE id = $1 AND revoked_at IS NULL`,
        [token.id, actorOf(actor)],
      );
      await governanceEventLog.publish(manager, {
        type: GovernanceEvents.ApiTokenRevoked,
        subjectId: token.id,
        actor: actorOf(actor),
        payload: {
          tokenId: token.id,
          ownerSubject: token.owner_subject,
          serviceAccountId: token.service_account_id,
        },
      });
      return (await apiTokenById(manager, token.id))!;
    });
  }

  /** Someone else's token answers NOT_FOUND, so ids cannot be probed. */
  private async manageable(actor: Principal, manager: EntityManager, id: string): Promise<ApiTokenRow> {
    const token = isUuid(id) ? await apiTokenById(manager, id.toLowerCase()) : null;
    const allowed =
      token &&
      (isPlatformAdmin(actor) ||
        token.owner_subject === actor.subject ||
        (token.service_account_team !== null &&
          hasTeamRole(actor, token.service_account_team, 'maintainer')));
    if (!allowed) throw new NotFoundError('ApiToken', id);
    return token;
  }

  private async serviceAccount(id: string): Promise<ServiceAccountRow> {
    const [row] = isUuid(id)
      ? await this.dataSource.query(
          `/* serviceAccountById */ SELECT id, team_slug, name, created_by, created_at
             FROM governance.service_account WHERE id = $1`,
          [id.toLowerCase()],
        )
      : [];
    if (!row) throw new NotFoundError('ServiceAccount', id);
    return row;
  }
}

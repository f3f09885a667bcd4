import { plainText } from '@cairn/input-rules';
import { z } from 'zod';

/** Longest API token lifetime: a token that outlives a year is a forgotten token. */
export const MAX_TOKEN_LIFETIME_DAYS = 365;
const DAY_MS = 24 * 60 * 60 * 1000;

export const TEAM_ROLE_VALUES = ['viewer', 'contributor', 'maintainer'] as const;
export const SCOPE_VALUES = ['read', 'write', 'promote', 'admin', 'serving:report'] as const;
export const ORG_ROLE_VALUES = ['platform-admin', 'auditor', 'executive'] as const;

export const teamSlug = z
  .string()
  .max(100, 'must be at most 100 characters')
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a team slug: lowercase letters, digits and single hyphens');
/** An OIDC subject, or `service-account:<id>`. */
const subject = plainText(1, 255);
const email = z.email('must be an email address').max(320, 'must be at most 320 characters');
const teamRole = z.enum(TEAM_ROLE_VALUES);

export const grantMembershipRules = z
  .object({
    team: teamSlug,
    subject: subject.nullish(),
    email: email.nullish(),
    role: teamRole,
    approver: z
      .boolean()
      .nullish()
      .transform((v) => v ?? false),
  })
  .refine((v) => (v.subject ? 1 : 0) + (v.email ? 1 : 0) === 1, {
    message: 'name the member by exactly one of subject or email',
    path: ['subject'],
  });
export type GrantMembershipCommand = z.infer<typeof grantMembershipRules>;

export const revokeMembershipRules = z.object({ team: teamSlug, subject });

export const createServiceAccountRules = z.object({
  team: teamSlug,
  name: plainText(1, 100),
  role: teamRole,
});

export const createApiTokenRules = z.object({
  name: plainText(1, 100),
  scopes: z
    .array(z.enum(SCOPE_VALUES))
    .min(1, 'name at least one scope')
    .max(SCOPE_VALUES.length, `at most ${SCOPE_VALUES.length} scopes`)
    .transform((v) => [...new Set(v)].sort()),
  expiresAt: z.iso
    .datetime({ offset: true, message: 'must be an ISO 8601 date-time, e.g. 2027-01-31T00:00:00Z' })
    .transform((v) => new Date(v))
    .refine((d) => d.getTime() > Date.now() + 60_000, 'must be in the future')
    .refine(
      (d) => d.getTime() <= Date.now() + MAX_TOKEN_LIFETIME_DAYS * DAY_MS,
      `must be at most ${MAX_TOKEN_LIFETIME_DAYS} days ahead`,
    ),
  // Any string: one that names no service account is answered NOT_FOUND.
  serviceAccountId: z.string().nullish(),
});
export type CreateApiTokenCommand = z.infer<typeof createApiTokenRules>;

/** The rights the gateway read from a caller's OIDC token, for `resolveCaller`. */
export const callerClaimsRules = z.object({
  subject,
  kind: z.enum(['user', 'service']),
  email: z
    .string()
    .max(320)
    .nullish()
    .transform((v) => v ?? null),
  name: z
    .string()
    .max(200)
    .nullish()
    .transform((v) => v ?? null),
  orgRoles: z.array(z.enum(ORG_ROLE_VALUES)).max(ORG_ROLE_VALUES.length),
  memberships: z.array(z.object({ team: teamSlug, role: teamRole, approver: z.boolean() })).max(1000),
});
export type CallerClaims = z.infer<typeof callerClaimsRules>;

export const resolveApiTokenRules = z.object({
  secret: z.string().max(200),
  client: z
    .string()
    .max(2000)
    .nullish()
    .transform((v) => (v ? v.replace(/\p{Cc}/gu, ' ').slice(0, 200) : null)),
});

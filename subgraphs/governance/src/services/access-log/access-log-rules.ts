import { z } from 'zod';

/** Most entries the gateway sends at once; its sender batches 200. */
export const MAX_ENTRIES_PER_CALL = 500;

/** Stored text is bounded and free of control characters, whatever a caller put in a header. */
const bounded = (max: number) =>
  z
    .string()
    .nullish()
    .transform((v) => (v ? v.replace(/\p{Cc}/gu, ' ').slice(0, max) : null));

const code = z.string().regex(/^[A-Z][A-Z0-9_]{0,63}$/, 'must be an error code such as FORBIDDEN');

export const accessEntryRules = z.object({
  occurredAt: z.iso
    .datetime({ offset: true, message: 'must be an ISO 8601 date-time' })
    .transform((v) => new Date(v)),
  requestId: z.string().min(1).max(128),
  subject: bounded(255),
  email: bounded(320),
  principalKind: z.enum(['user', 'service']).nullish(),
  clientKind: z.enum(['oidc', 'api-token']).nullish(),
  clientId: bounded(255),
  operationType: z.enum(['query', 'mutation', 'subscription']).nullish(),
  operationName: bounded(200),
  // Names from a document the caller sent, refused or not: cut to size rather than refuse the batch.
  rootFields: z
    .array(z.string())
    .max(1000)
    .transform((fields) => fields.slice(0, 50).map((f) => f.replace(/\p{Cc}/gu, ' ').slice(0, 200))),
  outcome: z.union([z.literal('OK'), code]),
  errorCodes: z.array(code).max(20),
  remoteAddress: bounded(64),
  userAgent: bounded(256),
});
export type AccessEntry = z.infer<typeof accessEntryRules>;

export const recordAccessRules = z
  .array(accessEntryRules)
  .max(MAX_ENTRIES_PER_CALL, `at most ${MAX_ENTRIES_PER_CALL} entries per call`);

const instant = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 date-time, e.g. 2027-01-31T00:00:00Z' })
  .transform((v) => new Date(v));

export const accessLogQueryRules = z.object({
  filter: z
    .object({
      from: instant.nullish(),
      to: instant.nullish(),
      subject: z.string().max(255).nullish(),
      outcome: z.union([z.literal('OK'), code]).nullish(),
      operationType: z.enum(['query', 'mutation', 'subscription']).nullish(),
    })
    .nullish()
    .transform((v) => v ?? {}),
  first: z
    .number()
    .int()
    .min(1, 'must be at least 1')
    .max(100, 'must be at most 100')
    .nullish()
    .transform((v) => v ?? 50),
  after: z.string().max(200).nullish(),
});
export type AccessLogQuery = z.infer<typeof accessLogQueryRules>;

import { AUDIT_SOURCES } from '@cairn/audit-chain';
import { z } from 'zod';

const instant = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 date-time, e.g. 2027-01-31T00:00:00Z' })
  .transform((v) => new Date(v));

const seq = z.number().int().min(1, 'must be a seq number, 1 or more');

export const auditLogQueryRules = z.object({
  source: z.enum(AUDIT_SOURCES).nullish(),
  type: z.string().max(200).nullish(),
  subject: z.string().max(300).nullish(),
  actor: z.string().max(300).nullish(),
  from: instant.nullish(),
  to: instant.nullish(),
  first: z
    .number()
    .int()
    .min(1, 'must be at least 1')
    .max(100, 'must be at most 100')
    .nullish()
    .transform((v) => v ?? 50),
  after: z.string().max(100).nullish(),
});
export type AuditLogQuery = z.infer<typeof auditLogQueryRules>;

/** A seq range, both ends inclusive and optional (the whole chain by default). */
export const auditRangeRules = z
  .object({ from: seq.nullish(), to: seq.nullish() })
  .refine((r) => r.from == null || r.to == null || r.from <= r.to, {
    path: ['to'],
    message: 'must not be before from',
  });
export type AuditRange = z.infer<typeof auditRangeRules>;

export const auditCheckpointsRules = z.object({
  first: z
    .number()
    .int()
    .min(1, 'must be at least 1')
    .max(100, 'must be at most 100')
    .nullish()
    .transform((v) => v ?? 20),
});

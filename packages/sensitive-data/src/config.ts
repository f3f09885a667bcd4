import { z } from 'zod';
import { parsePathPattern } from './paths';
import { PERSONAL_DATA_RULE_IDS } from './personal-data';
import { SECRET_RULE_IDS } from './secrets';

/** Every rule id the scanner knows: `secret/<preset rule>` and `pii/<kind>`. */
export const SENSITIVE_DATA_RULE_IDS: readonly string[] = [...SECRET_RULE_IDS, ...PERSONAL_DATA_RULE_IDS];
const known = new Set(SENSITIVE_DATA_RULE_IDS);

const ruleId = z.string().refine((id) => known.has(id), {
  error: (issue) =>
    `unknown rule ${JSON.stringify(issue.input)}; known: ${SENSITIVE_DATA_RULE_IDS.join(', ')}`,
});

const pathPattern = z.string().superRefine((pattern, ctx) => {
  try {
    parsePathPattern(pattern);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
  }
});

/**
 * `disabledRules` switches rules off everywhere (the registry takes them from
 * SENSITIVE_DATA_DISABLED_RULES); `allow` lets one rule pass at the paths where the value is
 * expected, e.g. `{ "pii/email": ["card.owners[].email"] }`.
 */
export const sensitiveDataConfigSchema = z.object({
  disabledRules: z.array(ruleId).default([]),
  allow: z
    .record(z.string(), z.array(pathPattern))
    .default({})
    .superRefine((allow, ctx) => {
      for (const id of Object.keys(allow)) {
        if (!known.has(id))
          ctx.addIssue({ code: 'custom', path: [id], message: `unknown rule ${JSON.stringify(id)}` });
      }
    }),
});

export type SensitiveDataConfigInput = z.input<typeof sensitiveDataConfigSchema>;
export type SensitiveDataConfig = z.output<typeof sensitiveDataConfigSchema>;

import type { SubgraphConfig } from '@cairn/config';
import { SensitiveDataScanner } from '@cairn/sensitive-data';

/**
 * The registry's scanner: every rule on, except those switched off by
 * SENSITIVE_DATA_DISABLED_RULES; e-mail addresses are expected in a model card's owners only.
 */
export function createSensitiveDataScanner(config: Pick<SubgraphConfig, 'SENSITIVE_DATA_DISABLED_RULES'>) {
  return new SensitiveDataScanner({
    disabledRules: config.SENSITIVE_DATA_DISABLED_RULES,
    allow: { 'pii/email': ['input.card.owners[].email'] },
  });
}

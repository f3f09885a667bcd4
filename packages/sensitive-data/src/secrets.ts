import { lintSource } from '@secretlint/core';
import { secretLintProfiler } from '@secretlint/profiler';
import { rules as recommendedRules } from '@secretlint/secretlint-rule-preset-recommend';
import type { SecretLintCoreConfig } from '@secretlint/types';

/**
 * Secret detection is secretlint's recommended preset, rule for rule: Cairn keeps no patterns of
 * its own. Two departures from the preset's defaults, both deliberate:
 * - `filter-comments` is left out, or a `secretlint-disable` comment inside a model card would
 *   switch the checks off for the text that follows it;
 * - the AWS rule also reports access key ids (`AKIA…`) and account ids, which the preset only
 *   reports on request, because a registry has no reason to hold either.
 */

/*
 * secretlint 11 marks every rule of every run on Node's performance timeline and keeps each mark
 * forever, in the timeline and in its profiler, whose observer then scans that growing list on
 * every mark: a leak and a quadratic CPU cost in a process that lints for months (secretlint#1633
 * and #1653; fixed by #1673 in 13.x, which needs Node 22). Nobody reads the profile here, so the
 * shared profiler's `mark` does nothing; @secretlint/core is pinned to the same version.
 */
secretLintProfiler.mark = () => {};

const PACKAGE_PREFIX = '@secretlint/secretlint-rule-';
const LEFT_OUT = new Set([`${PACKAGE_PREFIX}filter-comments`]);

const RULES = recommendedRules.filter((rule) => !LEFT_OUT.has(rule.meta.id));

const OPTIONS: Record<string, Record<string, unknown>> = {
  [`${PACKAGE_PREFIX}aws`]: { enableIDScanRule: true },
};

/** `secret/aws`, `secret/github`, …: one per rule of the preset. */
export const SECRET_RULE_IDS: readonly string[] = RULES.map((rule) => toRuleId(rule.meta.id));

function toRuleId(secretlintId: string): string {
  return `secret/${secretlintId.replace(PACKAGE_PREFIX, '')}`;
}

/** What each of the preset's message ids found, in words; unknown ids fall back to the id. */
const LABELS: Record<string, string> = {
  AWSAccessKeyID: 'AWS access key',
  AWSSecretAccessKey: 'AWS secret access key',
  AWSAccountID: 'AWS account id',
  PrivateKeyP12: 'GCP service account key',
  PrivateKeyJSON: 'GCP service account key',
  PackageJSON_xOauthToken: 'npm token',
  Npmrc_authToken: 'npm token',
  NPM_ACCESS_TOKEN: 'npm token',
  SLACK_TOKEN: 'Slack token',
  IncomingWebhook: 'Slack incoming webhook',
  BasicAuth: 'credentials in a URL',
  OPENAI_TOKEN: 'OpenAI API key',
  ANTHROPIC_API_KEY: 'Anthropic API key',
  LINEAR_API_TOKEN: 'Linear API key',
  PrivateKey: 'private key',
  SENDGRID_KEY: 'SendGrid API key',
  SHOPIFY_KEY: 'Shopify token',
  GITHUB_TOKEN: 'GitHub token',
  OPS_TOKEN: '1Password service account token',
  MongoDBConnection: 'MongoDB connection string with a password',
  MySQLConnection: 'MySQL connection string with a password',
  PostgreSQLConnection: 'PostgreSQL connection string with a password',
};

export interface SecretHit {
  /** Index of the text in the batch that was scanned. */
  text: number;
  rule: string;
  label: string;
}

/**
 * Lints many texts in one secretlint run: the texts are joined by blank lines and each hit is
 * traced back to the text its range starts in. One run instead of one per field keeps the
 * per-call overhead of secretlint (rule setup, an async pass per rule) out of the per-field cost.
 */
export class SecretDetector {
  private readonly config: SecretLintCoreConfig;

  constructor(disabled: ReadonlySet<string>) {
    this.config = {
      rules: RULES.filter((rule) => !disabled.has(toRuleId(rule.meta.id))).map((rule) => ({
        id: rule.meta.id,
        rule,
        options: OPTIONS[rule.meta.id] ?? {},
      })),
    };
  }

  async find(texts: readonly string[]): Promise<SecretHit[]> {
    if (this.config.rules.length === 0 || texts.length === 0) return [];
    const starts: number[] = [];
    let offset = 0;
    for (const text of texts) {
      starts.push(offset);
      offset += text.length + SEPARATOR.length;
    }
    const result = await lintSource({
      source: { filePath: 'registration.txt', content: texts.join(SEPARATOR), contentType: 'text' },
      options: { config: this.config, maskSecrets: true, noPhysicFilePath: true },
    });
    return result.messages.map((message) => ({
      text: textAt(starts, message.range[0]),
      rule: toRuleId(message.ruleId),
      label: LABELS[message.messageId] ?? message.messageId,
    }));
  }
}

const SEPARATOR = '\n\n';

function textAt(starts: readonly number[], position: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((starts[mid] as number) <= position) low = mid;
    else high = mid - 1;
  }
  return low;
}

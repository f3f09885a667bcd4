import { loadConfig, subgraphSchema } from '@cairn/config';
import { InvalidInputError } from '@cairn/errors';
import { describe, expect, it } from 'vitest';
import { SENSITIVE_DATA_RULE_IDS } from './config';
import { SensitiveDataError, SensitiveDataScanner } from './scanner';

const ghToken = ['ghp', 'wWPw5k4aXcaT4fNP0UcnZwJUVFk6LO0pINUx'].join('_');
const awsKeyId = ['AKIA', '2E0A8F3B244C9986'].join('');

describe('paths', () => {
  const scanner = new SensitiveDataScanner();

  it('names nested keys, array indices and keys that are not identifiers', async () => {
    const findings = await scanner.scan({
      card: {
        limitations: 'ask alice@example.com',
        sections: [{ body: 'ok' }, { body: '4111 1111 1111 1111' }],
      },
      hyperparameters: { 'batch size': 32, 'optimizer.lr': 'IBAN DE89370400440532013000' },
      tags: ['vision', 'prod', 'ES9121000418450200051332'],
    });
    expect(findings.map((f) => [f.path, f.rule])).toEqual([
      ['card.limitations', 'pii/email'],
      ['card.sections[1].body', 'pii/payment-card'],
      ['hyperparameters["optimizer.lr"]', 'pii/iban'],
      ['tags[2]', 'pii/iban'],
    ]);
  });

  it('scans keys too, and hides a sensitive key in every path that runs through it', async () => {
    const findings = await scanner.scan({
      hyperparameters: { [ghToken]: { owner: 'bob@example.org' }, 'alice@example.com': 1 },
    });
    expect(findings).toEqual([
      {
        path: 'hyperparameters.<redacted key>',
        rule: 'secret/github',
        message: 'secret: GitHub token in a key',
      },
      {
        path: 'hyperparameters.<redacted key>.owner',
        rule: 'pii/email',
        message: 'personal data: e-mail address',
      },
      {
        path: 'hyperparameters.<redacted key>',
        rule: 'pii/email',
        message: 'personal data: e-mail address in a key',
      },
    ]);
    expect(JSON.stringify(findings)).not.toContain('alice');
  });

  it('reports a value once per rule however often the rule matches in it', async () => {
    const findings = await scanner.scan({ description: 'a@example.com, b@example.com' });
    expect(findings).toHaveLength(1);
  });

  it('passes numbers, booleans and null, and a clean registration', async () => {
    expect(
      await scanner.scan({
        name: 'fraud-detector',
        description: 'Gradient-boosted trees over 4,111 features; v2.3.1; trained 2025-06-01.',
        card: { owners: [], metrics: { auc: 0.93 } },
        hyperparameters: { seed: 123456782, max_depth: 8, early_stopping: true, scheduler: null },
        tags: ['fraud', 'tabular'],
        provenance: {
          commit: '3f2c9a1e8b7d6c5f4e3d2c1b0a9f8e7d6c5b4a39',
          run: '41111111-1111-1111-1111-111111111111',
        },
        environment: { python: '3.11.9', torch: '2.3.1+cu121' },
      }),
    ).toEqual([]);
  });
});

describe('configuration', () => {
  const payload = {
    description: 'reach me at alice@example.com',
    card: { owners: [{ name: 'Alice', email: 'alice@example.com' }], limitations: 'or bob@example.org' },
    hyperparameters: { aws_key: awsKeyId },
  };

  it('lets a rule pass at the paths the caller expects it, and nowhere else', async () => {
    const scanner = new SensitiveDataScanner({ allow: { 'pii/email': ['card.owners[].email'] } });
    expect((await scanner.scan(payload)).map((f) => f.path)).toEqual([
      'description',
      'card.limitations',
      'hyperparameters.aws_key',
    ]);
  });

  it('understands `*` for one key and `**` for any depth', async () => {
    const anyKey = new SensitiveDataScanner({ allow: { 'pii/email': ['card.*', 'card.owners[0].*'] } });
    expect((await anyKey.scan(payload)).map((f) => f.path)).toEqual([
      'description',
      'hyperparameters.aws_key',
    ]);
    const anyDepth = new SensitiveDataScanner({
      allow: { 'pii/email': ['**'], 'secret/aws': ['hyperparameters.**'] },
    });
    expect(await anyDepth.scan(payload)).toEqual([]);
  });

  it('switches rules off by id', async () => {
    const scanner = new SensitiveDataScanner({ disabledRules: ['pii/email', 'secret/aws'] });
    expect(await scanner.scan(payload)).toEqual([]);
  });

  it('refuses unknown rule ids and unreadable patterns, so a typo cannot leave a rule on', () => {
    expect(() => new SensitiveDataScanner({ disabledRules: ['pii/e-mail'] })).toThrow(
      /unknown rule "pii\/e-mail"/,
    );
    expect(() => new SensitiveDataScanner({ allow: { 'secret/githb': ['x'] } })).toThrow(/unknown rule/);
    expect(() => new SensitiveDataScanner({ allow: { 'pii/email': ['card..owners'] } })).toThrow(
      /not a path pattern/,
    );
  });

  it('knows every preset rule and personal-data rule by id', () => {
    expect(SENSITIVE_DATA_RULE_IDS).toEqual(
      expect.arrayContaining(['secret/aws', 'secret/github', 'secret/privatekey', 'pii/email', 'pii/nl-bsn']),
    );
    expect(SENSITIVE_DATA_RULE_IDS).not.toContain('secret/filter-comments');
  });

  it('takes the disabled rules from SENSITIVE_DATA_DISABLED_RULES', async () => {
    const config = loadConfig(subgraphSchema('registry'), {
      NODE_ENV: 'test',
      SENSITIVE_DATA_DISABLED_RULES: ' pii/email , secret/aws,',
    });
    expect(config.SENSITIVE_DATA_DISABLED_RULES).toEqual(['pii/email', 'secret/aws']);
    const scanner = new SensitiveDataScanner({ disabledRules: config.SENSITIVE_DATA_DISABLED_RULES });
    expect(await scanner.scan(payload)).toEqual([]);
    expect(
      loadConfig(subgraphSchema('registry'), { NODE_ENV: 'test' }).SENSITIVE_DATA_DISABLED_RULES,
    ).toEqual([]);
  });
});

describe('SensitiveDataError', () => {
  it('is BAD_USER_INPUT naming every path and rule, and nothing of the values', async () => {
    const scanner = new SensitiveDataScanner();
    const error = await scanner
      .assertClean({
        hyperparameters: { aws_key: awsKeyId },
        card: { limitations: 'card 4111 1111 1111 1111' },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SensitiveDataError);
    expect(error).toBeInstanceOf(InvalidInputError);
    const refused = error as SensitiveDataError;
    expect(refused.code).toBe('BAD_USER_INPUT');
    expect(refused.message).toBe(
      'Sensitive data refused: hyperparameters.aws_key (secret: AWS access key), ' +
        'card.limitations (personal data: payment card number ending 1111)',
    );
    expect(refused.details).toEqual({
      problems: [
        { path: 'hyperparameters.aws_key', rule: 'secret/aws', message: 'secret: AWS access key' },
        {
          path: 'card.limitations',
          rule: 'pii/payment-card',
          message: 'personal data: payment card number ending 1111',
        },
      ],
    });
    expect(JSON.stringify(refused.details)).not.toContain(awsKeyId);
    expect(refused.message).not.toContain('4111 1111');
  });

  it('lets clean input through', async () => {
    await expect(new SensitiveDataScanner().assertClean({ description: 'a model' })).resolves.toBeUndefined();
  });
});

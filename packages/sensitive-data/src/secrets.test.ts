import { generateKeyPairSync } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { SensitiveDataError, SensitiveDataScanner } from './scanner';

const scanner = new SensitiveDataScanner();
const pem = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();

// Assembled at run time so the repository itself holds no string a secret scanner would flag.
const ghToken = ['ghp', 'wWPw5k4aXcaT4fNP0UcnZwJUVFk6LO0pINUx'].join('_');
const slackToken = ['xoxb', '123456789012', '1234567890123', 'abcdefghijABCDEFGHIJklmn'].join('-');
const awsKeyId = ['AKIA', '2E0A8F3B244C9986'].join('');
const awsSecret = ['wJalrXUtnFEMI', 'K7MDENG', 'bPxRfiCYzzzzzzzzzz'].join('/');

/** `[field value, rule, where the value sits]`; `where` is the object the scanner sees. */
const secrets: Array<[string, string, (value: string) => unknown]> = [
  ['GitHub token', 'secret/github', (v) => ({ description: `push with ${v}` })],
  ['Slack token', 'secret/slack', (v) => ({ environment: { SLACK: v } })],
  ['AWS access key id', 'secret/aws', (v) => ({ hyperparameters: { aws_key: v } })],
  ['AWS secret key under its name', 'secret/aws', (v) => ({ hyperparameters: { aws_secret_access_key: v } })],
  ['private key', 'secret/privatekey', (v) => ({ card: { limitations: v } })],
  [
    'PostgreSQL URL with password',
    'secret/database-connection-string',
    (v) => ({ provenance: { source: v } }),
  ],
  ['credentials in a URL', 'secret/basicauth', (v) => ({ provenance: { dataset: v } })],
];
const values: Record<string, string> = {
  'GitHub token': ghToken,
  'Slack token': slackToken,
  'AWS access key id': awsKeyId,
  'AWS secret key under its name': awsSecret,
  'private key': pem,
  'PostgreSQL URL with password': 'postgres://trainer:Tr41n-S3cret@db.internal.example.com:5432/features',
  'credentials in a URL': 'https://loader:hunter2hunter2@data.example.com/imagenet.tar',
};

describe('secrets (secretlint recommended preset)', () => {
  it.each(secrets)('refuses a %s and names the rule, never the value', async (name, rule, where) => {
    const value = values[name] as string;
    const findings = await scanner.scan(where(value));
    expect(findings.map((f) => f.rule)).toContain(rule);
    const error = await scanner.assertClean(where(value)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SensitiveDataError);
    const { message, details } = error as SensitiveDataError;
    const told = JSON.stringify({ findings, message, details });
    // Not the value, and not a telling piece of it either.
    expect(told).not.toContain(value);
    expect(told).not.toContain(value.slice(-12));
  });

  it.each([
    ['the documented AWS example key', { hyperparameters: { key: 'AKIAIOSFODNN7EXAMPLE' } }],
    ['a token prefix without a token', { description: 'tokens look like ghp_… and xoxb-…' }],
    [
      'a database URL without a password',
      { provenance: { source: 'postgres://db.example.com:5432/features' } },
    ],
    ['a plain URL', { provenance: { source: 'https://huggingface.co/datasets/imagenet-1k' } }],
    [
      'a key that only sounds secret',
      { hyperparameters: { secret_sauce: 'dropout 0.1', api_key_header: 'X-Api-Key' } },
    ],
    [
      'a long hex digest',
      { provenance: { sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' } },
    ],
  ])('accepts %s', async (_name, value) => {
    expect(await scanner.scan(value)).toEqual([]);
  });

  it('cannot be switched off from inside the input by a secretlint-disable comment', async () => {
    const findings = await scanner.scan({
      description: `// secretlint-disable\n${ghToken}\n// secretlint-enable`,
      card: { notes: `<!-- secretlint-disable-next-line -->\n${slackToken}` },
    });
    expect(findings.map((f) => [f.path, f.rule])).toEqual([
      ['description', 'secret/github'],
      ['card.notes', 'secret/slack'],
    ]);
  });

  it('attributes each hit to its own field when many are linted in one run', async () => {
    const tags = Array.from({ length: 30 }, (_, i) => `tag-${i}`);
    tags[7] = ghToken;
    tags[23] = slackToken;
    const findings = await scanner.scan({ description: 'clean', tags, card: { usage: awsKeyId } });
    expect(findings.map((f) => [f.path, f.rule])).toEqual([
      ['tags[7]', 'secret/github'],
      ['tags[23]', 'secret/slack'],
      ['card.usage', 'secret/aws'],
    ]);
  });

  it('leaves nothing behind on the performance timeline, however many runs (secretlint#1633)', async () => {
    const before = performance.getEntriesByType('mark').length;
    for (let i = 0; i < 200; i++) await scanner.scan({ description: `run ${i}`, tags: ['a', 'b'] });
    await new Promise((resolve) => setImmediate(resolve));
    expect(performance.getEntriesByType('mark').length).toBe(before);
  });
});

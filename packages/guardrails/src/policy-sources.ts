import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * What makes up a policy bundle, and its version. The version is a hash of the policy sources
 * (every `*.rego` in policies/ except the tests, plus `data.json`), not of the compiled wasm: it
 * names what decided in terms a reviewer can look up in git, and stays the same however opa
 * lays out its output.
 */
export const POLICY_ENTRYPOINTS = [
  'cairn/guardrails/decision',
  'cairn/guardrails/results',
  'cairn/guardrails/allow',
] as const;

export const POLICY_DATA_FILE = 'data.json';

export interface PolicySource {
  /** File name inside policies/. */
  name: string;
  content: Buffer;
}

export function readPolicySources(policiesDir: string): PolicySource[] {
  return readdirSync(policiesDir)
    .filter((name) => (name.endsWith('.rego') && !name.endsWith('_test.rego')) || name === POLICY_DATA_FILE)
    .sort()
    .map((name) => ({ name, content: readFileSync(path.join(policiesDir, name)) }));
}

export function sha256(content: Buffer | string): string {
  return `sha256:${createHash('sha256').update(content).digest('hex')}`;
}

/** Hash over each file's name and content hash, one line each, in name order. */
export function policyBundleVersion(sources: readonly PolicySource[]): string {
  const lines = [...sources]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((s) => `${s.name} ${sha256(s.content)}\n`);
  return sha256(lines.join(''));
}

const digest = z.string().regex(/^sha256:[0-9a-f]{64}$/);

/** `packages/guardrails/policy/manifest.json`, written by `npm run policies:build`. */
export const bundleManifestSchema = z.strictObject({
  bundleVersion: digest,
  sources: z.record(z.string(), digest),
  entrypoints: z.array(z.string()),
  opaVersion: z.string(),
  wasm: z.strictObject({ file: z.string(), sha256: digest }),
  data: z.strictObject({ file: z.string(), sha256: digest }),
});

export type BundleManifest = z.infer<typeof bundleManifestSchema>;

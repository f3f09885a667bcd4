#!/usr/bin/env node
// Compiles policies/ into the checked-in bundle (`npm run policies:build`), or with `check`
// (`npm run policies:check`, run by CI) tests the policies and fails when the checked-in
// bundle is stale: its version is not the hash of today's sources, its files do not match
// its manifest, or a fresh compile gives different wasm.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  bundleManifestSchema,
  POLICY_DATA_FILE,
  POLICY_ENTRYPOINTS,
  policyBundleVersion,
  readPolicySources,
  sha256,
} from '../dist/index.js';
import { findOpa, OPA_VERSION, runOpa } from './opa.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
const policiesDir = path.join(root, 'policies');
const bundleDir = path.resolve(here, '../policy');
const manifestPath = path.join(bundleDir, 'manifest.json');
const WASM_FILE = 'guardrails.wasm';

/** Compiles the sources (tests left out) and returns the wasm bytes. */
function compile(opa, sources) {
  const work = mkdtempSync(path.join(tmpdir(), 'cairn-policies-'));
  try {
    const input = path.join(work, 'policies');
    mkdirSync(input);
    for (const s of sources) writeFileSync(path.join(input, s.name), s.content);
    const bundle = path.join(work, 'bundle.tar.gz');
    const entrypoints = POLICY_ENTRYPOINTS.flatMap((e) => ['-e', e]);
    runOpa(opa, ['build', '-t', 'wasm', ...entrypoints, '-o', bundle, 'policies'], { cwd: work });
    // Entries are named /policy.wasm, /data.json, …; GNU tar drops the leading slash.
    const out = path.join(work, 'out');
    mkdirSync(out);
    const untar = spawnSync('tar', ['-xzf', bundle, '-C', out], { encoding: 'utf8' });
    if (untar.status !== 0) throw new Error(`tar could not read the opa bundle: ${untar.stderr}`);
    return readFileSync(path.join(out, 'policy.wasm'));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Formats as `biome check --write` would, so linting the repository never edits the manifest. */
function formatJson(file, json) {
  const formatted = spawnSync(
    path.join(root, 'node_modules/.bin/biome'),
    ['check', '--write', `--stdin-file-path=${path.relative(root, file)}`],
    { cwd: root, input: json, encoding: 'utf8' },
  );
  if (formatted.status !== 0) throw new Error(`biome could not format ${file}: ${formatted.stderr}`);
  return formatted.stdout;
}

function build(opa) {
  const sources = readPolicySources(policiesDir);
  const wasm = compile(opa, sources);
  const data = sources.find((s) => s.name === POLICY_DATA_FILE);
  if (!data) throw new Error(`policies/${POLICY_DATA_FILE} is missing`);
  writeFileSync(path.join(bundleDir, WASM_FILE), wasm);
  copyFileSync(path.join(policiesDir, POLICY_DATA_FILE), path.join(bundleDir, POLICY_DATA_FILE));
  const manifest = {
    bundleVersion: policyBundleVersion(sources),
    sources: Object.fromEntries(sources.map((s) => [s.name, sha256(s.content)])),
    entrypoints: [...POLICY_ENTRYPOINTS],
    opaVersion: OPA_VERSION,
    wasm: { file: WASM_FILE, sha256: sha256(wasm) },
    data: { file: POLICY_DATA_FILE, sha256: sha256(data.content) },
  };
  writeFileSync(manifestPath, formatJson(manifestPath, JSON.stringify(manifest, null, 2)));
  console.log(`Guardrail bundle ${manifest.bundleVersion} written to ${path.relative(root, bundleDir)}/`);
}

function check(opa) {
  runOpa(opa, ['fmt', '--list', '--fail', policiesDir], { stdio: 'inherit' });
  runOpa(opa, ['check', '--strict', policiesDir], { stdio: 'inherit' });
  runOpa(opa, ['test', policiesDir], { stdio: 'inherit' });

  const sources = readPolicySources(policiesDir);
  const manifest = bundleManifestSchema.parse(JSON.parse(readFileSync(manifestPath, 'utf8')));
  const problems = [];
  const version = policyBundleVersion(sources);
  if (manifest.bundleVersion !== version) {
    problems.push(`its version is ${manifest.bundleVersion}, but the policy sources hash to ${version}`);
  }
  const wasm = readFileSync(path.join(bundleDir, manifest.wasm.file));
  if (sha256(wasm) !== manifest.wasm.sha256)
    problems.push(`${manifest.wasm.file} does not match the manifest`);
  const data = readFileSync(path.join(bundleDir, manifest.data.file));
  if (!data.equals(readFileSync(path.join(policiesDir, POLICY_DATA_FILE)))) {
    problems.push(`${manifest.data.file} differs from policies/${POLICY_DATA_FILE}`);
  }
  // opa's wasm output is byte-for-byte reproducible for the same sources and opa version
  // (checked with 1.22.3), so a fresh compile must match what is checked in.
  if (!compile(opa, sources).equals(wasm))
    problems.push(`a fresh compile differs from ${manifest.wasm.file}`);
  if (problems.length > 0) {
    console.error(`The checked-in guardrail bundle is stale: ${problems.join('; ')}.`);
    console.error('Run npm run policies:build and commit packages/guardrails/policy/.');
    process.exit(1);
  }
  console.log(`Guardrail bundle ${manifest.bundleVersion} is up to date.`);
}

const command = process.argv[2];
if (command !== 'build' && command !== 'check') {
  console.error('usage: policies.mjs build|check');
  process.exit(2);
}
try {
  const opa = findOpa(root);
  if (command === 'build') build(opa);
  else check(opa);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}

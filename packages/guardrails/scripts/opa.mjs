// Finds the pinned opa binary: $OPA_BIN, then .tools/bin/opa (where install-opa.sh puts it),
// then opa on PATH. The wasm is only byte-for-byte reproducible with the same opa, so a
// different version is refused rather than silently producing a different bundle.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export const OPA_VERSION = '1.22.3';

export function findOpa(root) {
  const candidates = [process.env.OPA_BIN, path.join(root, '.tools/bin/opa'), 'opa'].filter(Boolean);
  for (const candidate of candidates) {
    if (candidate !== 'opa' && !existsSync(candidate)) continue;
    const run = spawnSync(candidate, ['version'], { encoding: 'utf8' });
    if (run.error || run.status !== 0) continue;
    const version = /^Version: (\S+)/m.exec(run.stdout)?.[1];
    if (version === OPA_VERSION) return candidate;
    throw new Error(
      `${candidate} is opa ${version}; the guardrail bundle is built with opa ${OPA_VERSION}. ` +
        'Run packages/guardrails/scripts/install-opa.sh, or point OPA_BIN at opa ' +
        `${OPA_VERSION}.`,
    );
  }
  throw new Error(
    `opa ${OPA_VERSION} was not found. Run packages/guardrails/scripts/install-opa.sh (needs Go), ` +
      'or point OPA_BIN at an opa binary.',
  );
}

export function runOpa(opa, args, options = {}) {
  const run = spawnSync(opa, args, { encoding: 'utf8', stdio: options.stdio ?? 'pipe', cwd: options.cwd });
  if (run.error) throw run.error;
  if (run.status !== 0) {
    const output = [run.stdout, run.stderr].filter(Boolean).join('\n');
    throw new Error(`opa ${args.join(' ')} failed (exit ${run.status})${output ? `:\n${output}` : ''}`);
  }
  return run.stdout;
}

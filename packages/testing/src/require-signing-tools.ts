import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadConfig, testSchema } from '@cairn/config';
import { describe } from 'vitest';

/** Where Debian's `softhsm2` package puts the module; `dpkg -L softhsm2` is asked otherwise. */
const SOFTHSM_MODULE_PATHS = [
  '/usr/lib/softhsm/libsofthsm2.so',
  '/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so',
];

export interface SoftHsmTools {
  /** The PKCS#11 module to load. */
  modulePath: string;
  /** `softhsm2-util`, which initialises tokens. */
  util: string;
}

/** How to run the OpenSSF model-signing CLI: `[command, ...leading arguments]`. */
export type ModelSigningCommand = [string, ...string[]];

export interface ToolRequirement<T> {
  /** What was found, or null when the tool is missing (never in CI). */
  tools: T | null;
  /**
   * `describe(name, …)` when the tools are there. Otherwise the suite is reported as skipped under
   * a name that says why. The body is still collected, so hooks and tests must only use the tools
   * when they run.
   */
  describe(name: string, body: (tools: T) => void): void;
}

const runs = (command: string, args: string[]) =>
  spawnSync(command, args, { stdio: 'ignore', timeout: 30_000 }).status === 0;

function findSoftHsm(): SoftHsmTools | null {
  if (!runs('softhsm2-util', ['--version'])) return null;
  let modulePath = SOFTHSM_MODULE_PATHS.find((p) => existsSync(p));
  if (!modulePath) {
    const listed = spawnSync('dpkg', ['-L', 'softhsm2'], { encoding: 'utf8' }).stdout ?? '';
    modulePath = listed.split('\n').find((line) => line.endsWith('/libsofthsm2.so') && existsSync(line));
  }
  return modulePath ? { modulePath, util: 'softhsm2-util' } : null;
}

function findModelSigning(): ModelSigningCommand | null {
  if (runs('model_signing', ['--help'])) return ['model_signing'];
  if (runs('python3', ['-m', 'model_signing', '--help'])) return ['python3', '-m', 'model_signing'];
  return null;
}

function requirement<T>(found: T | null, missing: string, placeholder: T): ToolRequirement<T> {
  const { CI } = loadConfig(testSchema.pick({ CI: true }));
  if (!found && CI) throw new Error(`CI=true but ${missing}: .ci/run installs it`);
  // The default reporter shows a skipped file without its suite names: say why here too.
  if (!found) console.warn(`${missing}: these suites are not run.`);
  return {
    tools: found,
    describe(name, body) {
      describe.skipIf(!found)(found ? name : `${name} (not run: ${missing})`, () =>
        body(found ?? placeholder),
      );
    },
  };
}

/**
 * For suites that need SoftHSM2 (`apt-get install -y softhsm2`). Missing, the suite says it did not
 * run, except under CI=true, where the file fails: CI never skips infrastructure quietly.
 */
export function requireSoftHsm(): ToolRequirement<SoftHsmTools> {
  return requirement(findSoftHsm(), 'SoftHSM2 (softhsm2-util and libsofthsm2.so) is not installed', {
    modulePath: '',
    util: '',
  });
}

/**
 * For suites that run the OpenSSF model-signing CLI (`pip install model-signing pyopenssl`), as
 * `model_signing` on PATH or `python3 -m model_signing`. Same rule as above under CI.
 */
export function requireModelSigning(): ToolRequirement<ModelSigningCommand> {
  return requirement(findModelSigning(), 'the model_signing CLI (PyPI model-signing) is not installed', [
    'model_signing',
  ]);
}

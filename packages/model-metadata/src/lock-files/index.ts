import { InvalidInputError } from '@cairn/errors';
import { prefixedSha256Of } from '../digests';
import { parsePackageLockJson } from './package-lock-json';
import { parseRequirementsTxt } from './requirements-txt';
import { parsePythonTomlLock } from './toml-lock';
import type { ParsedLockFile } from './types';

export { parsePackageLockJson } from './package-lock-json';
export { normalisePythonName, parseRequirementsTxt } from './requirements-txt';
export { parsePythonTomlLock } from './toml-lock';
export type { ParsedLockFile, SkippedLine } from './types';

export interface LockFileSummary extends ParsedLockFile {
  lockFileName: string;
  /** `sha256:` over the exact bytes given, so it matches `sha256sum` of the file. */
  lockFileDigest: string;
}

/** Picks a parser by file name (`requirements*.txt`, `package-lock.json`, `poetry.lock`, `uv.lock`). */
export function parseLockFile(fileName: string, content: string | Uint8Array): LockFileSummary {
  const baseName = fileName.split(/[\\/]/).pop() ?? fileName;
  const text =
    typeof content === 'string' ? content : new TextDecoder('utf-8', { fatal: false }).decode(content);
  const parsed = parserFor(baseName)(text);
  return { ...parsed, lockFileName: baseName, lockFileDigest: prefixedSha256Of(content) };
}

function parserFor(baseName: string): (text: string) => ParsedLockFile {
  if (/^requirements.*\.txt$/i.test(baseName) || /\.txt$/i.test(baseName)) return parseRequirementsTxt;
  if (baseName === 'package-lock.json' || baseName === 'npm-shrinkwrap.json') return parsePackageLockJson;
  if (baseName === 'poetry.lock' || baseName === 'uv.lock') return parsePythonTomlLock;
  throw InvalidInputError.field(
    'lockFileName',
    'must be requirements.txt, package-lock.json, npm-shrinkwrap.json, poetry.lock or uv.lock',
  );
}

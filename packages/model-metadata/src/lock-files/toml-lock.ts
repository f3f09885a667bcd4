import { InvalidInputError } from '@cairn/errors';
import { parse } from 'smol-toml';
import type { PackageRef } from '../provenance';
import { normalisePythonName } from './requirements-txt';
import { type ParsedLockFile, type SkippedLine, sortedDistinct } from './types';

/**
 * Parses `poetry.lock` and `uv.lock`: both are TOML with one `[[package]]` table per installed
 * package carrying `name` and `version`. uv also lists the project itself (and workspace members)
 * with an editable or virtual source; those are the code under registration, not dependencies.
 */
export function parsePythonTomlLock(text: string): ParsedLockFile {
  let document: Record<string, unknown>;
  try {
    document = parse(text) as Record<string, unknown>;
  } catch (error) {
    const line = (error as { line?: number }).line;
    throw InvalidInputError.field('lockFile', `is not valid TOML${line ? ` (line ${line})` : ''}`);
  }
  const entries = document.package;
  if (!Array.isArray(entries)) throw InvalidInputError.field('lockFile', 'has no [[package]] tables');
  const packages: Required<PackageRef>[] = [];
  const skipped: SkippedLine[] = [];
  for (const entry of entries as Record<string, unknown>[]) {
    const name = typeof entry.name === 'string' ? entry.name : undefined;
    if (!name) continue;
    const source = entry.source as Record<string, unknown> | undefined;
    if (source && ('editable' in source || 'virtual' in source)) continue;
    if (typeof entry.version !== 'string' || entry.version === '') {
      skipped.push({ line: 0, text: name, reason: 'no version' });
      continue;
    }
    packages.push({ name: normalisePythonName(name), version: entry.version, ecosystem: 'pypi' });
  }
  return { ecosystem: 'pypi', packages: sortedDistinct(packages), skipped };
}

import { InvalidInputError } from '@cairn/errors';
import type { PackageRef } from '../provenance';
import { type ParsedLockFile, type SkippedLine, sortedDistinct } from './types';

interface LockEntry {
  name?: unknown;
  version?: unknown;
  link?: unknown;
}

/**
 * Parses npm's `package-lock.json` (or `npm-shrinkwrap.json`) in lockfile versions 2 and 3, which
 * list every installed package under `packages` keyed by its `node_modules/…` path. Version 1
 * files (npm 6) lack that map and are refused rather than half-read.
 */
export function parsePackageLockJson(text: string): ParsedLockFile {
  let lock: { lockfileVersion?: unknown; packages?: unknown };
  try {
    lock = JSON.parse(text);
  } catch {
    throw InvalidInputError.field('lockFile', 'is not valid JSON');
  }
  if (lock === null || typeof lock !== 'object' || Array.isArray(lock)) {
    throw InvalidInputError.field('lockFile', 'must be a JSON object');
  }
  if (lock.lockfileVersion !== 2 && lock.lockfileVersion !== 3) {
    throw InvalidInputError.field(
      'lockFile',
      `lockfileVersion ${String(lock.lockfileVersion)} is not supported; regenerate it with npm 7 or later (version 2 or 3)`,
    );
  }
  if (lock.packages === null || typeof lock.packages !== 'object') {
    throw InvalidInputError.field('lockFile', 'has no "packages" map');
  }
  const packages: Required<PackageRef>[] = [];
  const skipped: SkippedLine[] = [];
  for (const [key, value] of Object.entries(lock.packages as Record<string, LockEntry>)) {
    const at = key.lastIndexOf('node_modules/');
    // "" is the project itself; keys without node_modules/ are workspace folders.
    if (at < 0 || value === null || typeof value !== 'object') continue;
    const name = typeof value.name === 'string' ? value.name : key.slice(at + 'node_modules/'.length);
    if (value.link === true) continue; // a symlink to a workspace folder, listed under its own key
    if (typeof value.version !== 'string' || value.version === '') {
      skipped.push({ line: 0, text: key, reason: 'no version' });
      continue;
    }
    packages.push({ name, version: value.version, ecosystem: 'npm' });
  }
  return { ecosystem: 'npm', packages: sortedDistinct(packages), skipped };
}

import { InvalidInputError } from '@cairn/errors';
import type { PackageRef } from '../provenance';
import { type ParsedLockFile, type SkippedLine, sortedDistinct } from './types';

/**
 * `name[extras]==version`, then optional environment markers and `--hash` options. `===` is
 * pip's arbitrary equality and pins too. A wildcard (`==1.2.*`) is a range, not a pin.
 */
const PINNED =
  /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[[^\]]*\])?\s*===?\s*([^\s;,*]+)\s*(?:;.*)?$/;

/** PEP 503: names compare lowercased with runs of `-`, `_`, `.` folded to one `-`. */
export function normalisePythonName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** Parses a pip requirements file, as written by `pip freeze` or `pip-compile --generate-hashes`. */
export function parseRequirementsTxt(text: string): ParsedLockFile {
  const packages: Required<PackageRef>[] = [];
  const skipped: SkippedLine[] = [];
  for (const { line, text: requirement } of logicalLines(text)) {
    if (requirement.startsWith('-')) {
      // -r, -c, -e, --index-url …: options, not packages. Editable installs have no version.
      if (/^(-e|--editable)\b/.test(requirement))
        skipped.push({ line, text: requirement, reason: 'editable install' });
      continue;
    }
    const withoutOptions = requirement.replace(/\s+--?[a-z][a-z-]*(?:[=\s]\S+)?/g, '').trim();
    const match = PINNED.exec(withoutOptions);
    if (!match) {
      skipped.push({ line, text: requirement, reason: 'not pinned with ==' });
      continue;
    }
    packages.push({
      name: normalisePythonName(match[1] as string),
      version: match[2] as string,
      ecosystem: 'pypi',
    });
  }
  return { ecosystem: 'pypi', packages: sortedDistinct(packages), skipped };
}

/** Joins `\` continuations and drops comments and blank lines, keeping the first line number. */
function logicalLines(text: string): { line: number; text: string }[] {
  if (text.includes('\u0000')) throw InvalidInputError.field('lockFile', 'must be a text file');
  const result: { line: number; text: string }[] = [];
  let pending: { line: number; text: string } | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    // A comment starts at a `#` at the beginning or after whitespace; `#egg=` in a URL is no comment.
    const content = raw.replace(/(^|\s)#.*$/, '');
    const continued = /\\\s*$/.test(content);
    const piece = content.replace(/\\\s*$/, '').trim();
    pending = pending
      ? { line: pending.line, text: `${pending.text} ${piece}`.trim() }
      : { line: index + 1, text: piece };
    if (!continued) {
      if (pending.text !== '') result.push(pending);
      pending = undefined;
    }
  });
  if (pending && pending.text !== '') result.push(pending);
  return result;
}

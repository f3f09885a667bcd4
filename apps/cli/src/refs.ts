import type { VersionRef } from '@cairn/sdk';
import { cliError } from './exit-codes';

export interface ModelRef {
  team: string;
  name: string;
  version?: VersionRef;
}

/** `team/model`, `team/model@3`, `team/model@champion` or `team/model:champion`. */
export function parseModelRef(
  text: string,
  { version }: { version: 'forbidden' | 'optional' | 'required' },
): ModelRef {
  const match = /^([^/@:\s]+)\/([^/@:\s]+)(?:([@:])([^/@:\s]+))?$/.exec(text);
  if (!match) throw cliError('USAGE', `"${text}" is not team/model[@version|:alias]`);
  const [, team, name, separator, target] = match;
  if (!target) {
    if (version === 'required')
      throw cliError('USAGE', `"${text}" needs a version: team/model@3 or team/model@champion`);
    return { team: team!, name: name! };
  }
  if (version === 'forbidden') throw cliError('USAGE', `"${text}" names a version; give team/model`);
  return {
    team: team!,
    name: name!,
    version: separator === '@' && /^\d+$/.test(target) ? { version: Number(target) } : { alias: target },
  };
}

/** A bare version argument: `3`, or an alias such as `champion`. */
export function parseVersionRef(text: string): VersionRef {
  return /^\d+$/.test(text) ? { version: Number(text) } : { alias: text };
}

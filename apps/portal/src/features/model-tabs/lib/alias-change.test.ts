import { describe, expect, it } from 'vitest';
import { actionLabel, changeTargets } from './alias-change';

describe('alias history labels', () => {
  it('reads each action as a past-tense verb', () => {
    expect(actionLabel('SET')).toBe('Set');
    expect(actionLabel('ROLLBACK')).toBe('Rolled back');
  });

  it('shows versions as vN and missing ends as a dash', () => {
    expect(changeTargets({ fromVersion: null, toVersion: { version: 2 } })).toEqual({ from: '—', to: 'v2' });
    expect(changeTargets({ fromVersion: { version: 2 }, toVersion: null })).toEqual({ from: 'v2', to: '—' });
  });
});

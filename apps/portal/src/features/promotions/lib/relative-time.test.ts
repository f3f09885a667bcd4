import { describe, expect, it } from 'vitest';
import { relativeTime } from './relative-time';

const now = Date.parse('2026-01-10T12:00:00Z');

describe('relativeTime', () => {
  it('uses the largest whole unit, past and future', () => {
    expect(relativeTime('2026-01-10T09:00:00Z', now)).toBe('3 hours ago');
    expect(relativeTime('2026-01-12T13:00:00Z', now)).toBe('in 2 days');
    expect(relativeTime('2026-01-10T11:59:30Z', now)).toBe('just now');
  });
});

import { describe, expect, it } from 'vitest';
import { formatDay, formatHours, formatShare, formatWeek } from './format';

describe('formatHours', () => {
  it('picks minutes, hours or days', () => {
    expect(formatHours(null)).toBe('—');
    expect(formatHours(0)).toBe('0 min');
    expect(formatHours(0.25)).toBe('15 min');
    expect(formatHours(5.04)).toBe('5 h');
    expect(formatHours(30.26)).toBe('30.3 h');
    expect(formatHours(72)).toBe('3 d');
    expect(formatHours(100)).toBe('4.2 d');
  });
});

describe('formatShare', () => {
  it('rounds to a whole percentage', () => {
    expect(formatShare(null)).toBe('—');
    expect(formatShare(0)).toBe('0 %');
    expect(formatShare(2 / 3)).toBe('67 %');
    expect(formatShare(1)).toBe('100 %');
  });
});

describe('dates', () => {
  it('labels weeks and days in UTC', () => {
    expect(formatWeek('2026-11-23T00:00:00.000Z')).toBe('23 Nov');
    expect(formatDay('2026-01-05')).toBe('5 Jan 2026');
  });
});

import { describe, expect, it } from 'vitest';
import { formatBytes, formatDelta, formatValue } from './format-value';

describe('formatValue', () => {
  it('shows strings as they are, other values as JSON, absent ones as a dash', () => {
    expect(formatValue('adam')).toBe('adam');
    expect(formatValue(0.1)).toBe('0.1');
    expect(formatValue([64, 32])).toBe('[64,32]');
    expect(formatValue(null)).toBe('—');
  });
});

describe('formatDelta', () => {
  it('signs every change', () => {
    expect(formatDelta(0.0125)).toBe('+0.0125');
    expect(formatDelta(-0.3)).toBe('−0.3');
    expect(formatDelta(0)).toBe('0');
    expect(formatDelta(null)).toBe('—');
  });
});

describe('formatBytes', () => {
  it('picks a readable unit', () => {
    expect(formatBytes(11)).toBe('11 B');
    expect(formatBytes(5 * 1024 * 1024 + 1234)).toBe('5 MB');
    expect(formatBytes(null)).toBe('—');
  });
});

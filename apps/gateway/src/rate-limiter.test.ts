import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limiter';

describe('the rate limiter', () => {
  it('allows a burst of the per-minute budget, then asks to wait, then refills', () => {
    let now = 0;
    const limiter = new RateLimiter(60, 100, () => now);
    for (let i = 0; i < 60; i++) expect(limiter.take('alice')).toBe(0);
    expect(limiter.take('alice')).toBe(1);
    now += 1000; // one token a second
    expect(limiter.take('alice')).toBe(0);
    expect(limiter.take('alice')).toBeGreaterThan(0);
  });

  it('keeps each key to its own budget', () => {
    const limiter = new RateLimiter(1, 100, () => 0);
    expect(limiter.take('alice')).toBe(0);
    expect(limiter.take('alice')).toBe(60);
    expect(limiter.take('bob')).toBe(0);
  });

  it('is off at zero', () => {
    const limiter = new RateLimiter(0);
    for (let i = 0; i < 1000; i++) expect(limiter.take('alice')).toBe(0);
  });

  it('forgets the least recently used key when full, never more than it holds', () => {
    const limiter = new RateLimiter(1, 2, () => 0);
    limiter.take('a');
    limiter.take('b');
    limiter.take('c'); // evicts a
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('c')).toBe(60);
  });
});

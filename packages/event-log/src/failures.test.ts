import { describe, expect, it } from 'vitest';
import { describeFailure, isTransientFailure, TransientError } from './failures';

const withCode = (code: string, message = 'boom') => Object.assign(new Error(message), { code });

describe('isTransientFailure', () => {
  it('accepts what a handler marks as transient, also when wrapped', () => {
    expect(isTransientFailure(new TransientError('search is down'))).toBe(true);
    expect(isTransientFailure(new Error('outer', { cause: new TransientError('inner') }))).toBe(true);
  });

  it('accepts network failures and the SQLSTATEs that say nothing about the statement', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', '08006', '57P01', '53300', '40001', '40P01']) {
      expect(isTransientFailure(withCode(code)), code).toBe(true);
    }
    // TypeORM wraps the driver's error.
    expect(
      isTransientFailure(Object.assign(new Error('query failed'), { driverError: withCode('08003') })),
    ).toBe(true);
    expect(isTransientFailure(new Error('Connection terminated unexpectedly'))).toBe(true);
  });

  it('rejects failures caused by the event itself', () => {
    for (const code of ['23505', '22P02', '42703'])
      expect(isTransientFailure(withCode(code)), code).toBe(false);
    expect(isTransientFailure(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(
      false,
    );
    expect(isTransientFailure('a string')).toBe(false);
  });

  it('stops on a cycle of causes', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    Object.assign(a, { cause: b });
    expect(isTransientFailure(a)).toBe(false);
  });
});

describe('describeFailure', () => {
  it('names the error and bounds its length', () => {
    expect(describeFailure(new TypeError('bad'))).toBe('TypeError: bad');
    expect(describeFailure(new Error('x'.repeat(5000)), 100)).toHaveLength(100);
    expect(describeFailure(42)).toBe('Non-error thrown: 42');
  });
});

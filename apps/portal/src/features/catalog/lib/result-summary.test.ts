import { describe, expect, it } from 'vitest';
import { emptyTitle, resultSummary } from './result-summary';

describe('resultSummary', () => {
  it('counts, with the query when there is one', () => {
    expect(resultSummary(12, '', false)).toBe('12 models');
    expect(resultSummary(1, ' fraud ', false)).toBe('1 model matches “fraud”');
    expect(resultSummary(3, 'fraud', true)).toBe('3 models match “fraud” with these filters');
  });
});

describe('emptyTitle', () => {
  it('names what found nothing', () => {
    expect(emptyTitle('zzz', false)).toBe('No models match “zzz”');
    expect(emptyTitle('', true)).toBe('No models match these filters');
    expect(emptyTitle('', false)).toBe('No models in the catalog yet');
  });
});

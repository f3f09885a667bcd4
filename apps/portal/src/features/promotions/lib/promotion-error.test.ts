import { describe, expect, it } from 'vitest';
import { promotionErrorMessage } from './promotion-error';

describe('promotionErrorMessage', () => {
  it("keeps governance's own words for refusals, framed by their kind", () => {
    expect(
      promotionErrorMessage([
        {
          message: 'You cannot decide this request: nobody approves their own promotion request',
          extensions: { code: 'FORBIDDEN' },
        },
      ]),
    ).toBe('Not allowed: You cannot decide this request: nobody approves their own promotion request.');
    expect(
      promotionErrorMessage([
        { message: 'The request is already APPROVED', extensions: { code: 'FAILED_PRECONDITION' } },
      ]),
    ).toBe('Not possible now: The request is already APPROVED.');
  });

  it('never shows what an internal error says', () => {
    expect(
      promotionErrorMessage([
        { message: 'relation "x" does not exist', extensions: { code: 'INTERNAL_SERVER_ERROR' } },
      ]),
    ).toBe('Something went wrong on our side; nothing was changed. Try again in a moment.');
    expect(promotionErrorMessage([{ message: 'gone', extensions: { code: 'NOT_FOUND' } }])).toMatch(
      /may not see it/,
    );
  });
});

import { describe, expect, it } from 'vitest';
import { driftErrorMessage } from './drift-error';

describe('driftErrorMessage', () => {
  it('keeps the API’s reason for a refusal and hides anything unexpected', () => {
    const forbidden = [
      { message: 'Only contributors of team "x" can acknowledge', extensions: { code: 'FORBIDDEN' } },
    ];
    expect(driftErrorMessage(forbidden)).toBe('Not allowed: Only contributors of team "x" can acknowledge');
    expect(
      driftErrorMessage([{ message: 'db exploded', extensions: { code: 'INTERNAL_SERVER_ERROR' } }]),
    ).toMatch(/nothing was changed/);
    expect(driftErrorMessage([{ message: 'x', extensions: { code: 'NOT_FOUND' } }])).toMatch(
      /does not exist/,
    );
  });
});

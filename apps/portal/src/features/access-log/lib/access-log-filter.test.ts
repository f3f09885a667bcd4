import { describe, expect, it } from 'vitest';
import { accessLogFilter, exportHref } from './access-log-filter';

describe('the access log filter', () => {
  const empty = { from: '', to: '', subject: '', outcome: '' };

  it('reads whole UTC days, the last one included', () => {
    expect(accessLogFilter({ ...empty, from: '2026-11-01', to: '2026-11-07', outcome: 'forbidden' })).toEqual(
      {
        from: '2026-11-01T00:00:00Z',
        to: '2026-11-08T00:00:00.000Z',
        subject: null,
        outcome: 'FORBIDDEN',
      },
    );
  });

  it('exports the same filter, seven days back when no start is given', () => {
    const now = new Date('2026-11-27T12:00:00Z');
    expect(exportHref({ ...empty, subject: 'user-engineer' }, now)).toBe(
      '/api/access-log?from=2026-11-20T12%3A00%3A00.000Z&subject=user-engineer',
    );
  });
});

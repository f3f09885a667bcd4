import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { type AccessEntry, AccessLogSender } from '../src/access-log-sender';
import type { GraphQLAnswer } from '../src/governance-client';

const entry = (n: number): AccessEntry => ({
  occurredAt: new Date().toISOString(),
  requestId: `req-${n}`,
  subject: 'someone',
  email: null,
  principalKind: 'user',
  clientKind: null,
  clientId: null,
  operationType: 'mutation',
  operationName: null,
  rootFields: ['registerModel'],
  outcome: 'OK',
  errorCodes: [],
  remoteAddress: null,
  userAgent: null,
});

/** Governance as the sender sees it: up or down, and what it was sent. */
function governance() {
  const state = { up: true, refuse: false, batches: [] as string[][] };
  return {
    state,
    async post<T>(_query: string, variables: Record<string, unknown>): Promise<GraphQLAnswer<T>> {
      if (!state.up) throw new Error('connection refused');
      const entries = variables.entries as AccessEntry[];
      if (state.refuse) {
        return {
          status: 200,
          body: { errors: [{ message: 'bad', extensions: { code: 'BAD_USER_INPUT' } }] },
        };
      }
      state.batches.push(entries.map((e) => e.requestId));
      return { status: 200, body: { data: { recordAccess: entries.length } as T } };
    },
  };
}

const settings = { ACCESS_LOG_BUFFER_SIZE: 100, ACCESS_LOG_BATCH_SIZE: 3, ACCESS_LOG_FLUSH_INTERVAL_MS: 10 };
const silent = pino({ level: 'silent' });

describe('the access log sender', () => {
  it('sends in batches, in order', async () => {
    const g = governance();
    const sender = new AccessLogSender(g, settings, silent);
    for (let i = 1; i <= 7; i++) sender.record(entry(i));
    await sender.flush();
    expect(g.state.batches).toEqual([['req-1', 'req-2', 'req-3'], ['req-4', 'req-5', 'req-6'], ['req-7']]);
    expect(sender.stats).toEqual({ pending: 0, dropped: 0 });
  });

  it('keeps entries while governance is down and sends them when it returns', async () => {
    const g = governance();
    g.state.up = false;
    const sender = new AccessLogSender(g, settings, silent);
    sender.record(entry(1));
    sender.record(entry(2));
    await sender.flush();
    expect(sender.stats.pending).toBe(2);
    g.state.up = true;
    await sender.close();
    expect(g.state.batches).toEqual([['req-1', 'req-2']]);
  });

  it('drops and counts what does not fit in the buffer', async () => {
    const g = governance();
    g.state.up = false;
    const sender = new AccessLogSender(g, { ...settings, ACCESS_LOG_BUFFER_SIZE: 5 }, silent);
    for (let i = 1; i <= 8; i++) sender.record(entry(i));
    expect(sender.stats).toEqual({ pending: 5, dropped: 3 });
  });

  it('drops a batch governance refuses as malformed instead of retrying it forever', async () => {
    const g = governance();
    g.state.refuse = true;
    const sender = new AccessLogSender(g, settings, silent);
    sender.record(entry(1));
    await sender.flush();
    expect(sender.stats.pending).toBe(0);
  });

  it('flushes on its timer once started', async () => {
    const g = governance();
    const sender = new AccessLogSender(g, settings, silent);
    sender.start();
    sender.record(entry(1));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(g.state.batches).toEqual([['req-1']]);
    await sender.close();
  });
});

import { randomUUID } from 'node:crypto';
import type { GatewayConfig } from '@cairn/config';
import type { Logger } from 'pino';
import type { GovernanceClient } from './governance-client';

/** One line of the access log, as governance's `AccessEntryInput` takes it. */
export interface AccessEntry {
  occurredAt: string;
  requestId: string;
  subject: string | null;
  email: string | null;
  principalKind: 'user' | 'service' | null;
  clientKind: 'oidc' | 'api-token' | null;
  clientId: string | null;
  operationType: 'query' | 'mutation' | 'subscription' | null;
  operationName: string | null;
  rootFields: string[];
  outcome: string;
  errorCodes: string[];
  remoteAddress: string | null;
  userAgent: string | null;
}

const RECORD_ACCESS = `mutation RecordAccess($entries: [AccessEntryInput!]!) { recordAccess(entries: $entries) }`;
const MAX_BACKOFF_MS = 30_000;
const DROP_WARNING_INTERVAL_MS = 10_000;

type Settings = Pick<
  GatewayConfig,
  'ACCESS_LOG_BUFFER_SIZE' | 'ACCESS_LOG_BATCH_SIZE' | 'ACCESS_LOG_FLUSH_INTERVAL_MS'
>;

/**
 * Sends access-log entries to governance off the request path: `record` only appends to a
 * bounded buffer. A timer flushes it every interval, a full batch flushes at once, and a failed
 * send keeps the entries and retries with doubling backoff while governance is away. When the
 * buffer is full, new entries are dropped and counted (a warning says how many), so an outage
 * cannot exhaust the gateway's memory. `close` flushes what is left.
 */
export class AccessLogSender {
  private buffer: AccessEntry[] = [];
  private flushing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | undefined;
  private failures = 0;
  private retryAt = 0;
  private dropped = 0;
  private lastDropWarning = 0;

  constructor(
    private readonly governance: Pick<GovernanceClient, 'post'>,
    private readonly settings: Settings,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.flush(), this.settings.ACCESS_LOG_FLUSH_INTERVAL_MS);
    this.timer.unref();
  }

  /** How many entries wait to be sent, and how many were dropped since start. */
  get stats() {
    return { pending: this.buffer.length, dropped: this.dropped };
  }

  record(entry: AccessEntry): void {
    if (this.buffer.length >= this.settings.ACCESS_LOG_BUFFER_SIZE) {
      this.dropped++;
      const now = Date.now();
      if (now - this.lastDropWarning >= DROP_WARNING_INTERVAL_MS) {
        this.lastDropWarning = now;
        this.logger.warn(
          { dropped: this.dropped, buffered: this.buffer.length },
          'the access log buffer is full: entries are being dropped until governance takes them',
        );
      }
      return;
    }
    this.buffer.push(entry);
    if (this.buffer.length >= this.settings.ACCESS_LOG_BATCH_SIZE) void this.flush();
  }

  /** Sends everything buffered, batch by batch; stops at the first failure and backs off. */
  flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    if (this.buffer.length === 0 || Date.now() < this.retryAt) return Promise.resolve();
    this.flushing = this.drain().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flushing;
    this.retryAt = 0;
    await this.flush();
    if (this.buffer.length > 0 || this.dropped > 0) {
      this.logger.error(
        { lost: this.buffer.length, dropped: this.dropped },
        'the gateway stopped with access-log entries governance never took',
      );
    }
  }

  private async drain(): Promise<void> {
    while (this.buffer.length > 0) {
      const batch = this.buffer.slice(0, this.settings.ACCESS_LOG_BATCH_SIZE);
      const outcome = await this.send(batch);
      if (outcome === 'retry') {
        this.failures++;
        const backoff = Math.min(
          MAX_BACKOFF_MS,
          this.settings.ACCESS_LOG_FLUSH_INTERVAL_MS * 2 ** this.failures,
        );
        this.retryAt = Date.now() + backoff;
        return;
      }
      this.failures = 0;
      this.buffer.splice(0, batch.length);
    }
  }

  private async send(batch: AccessEntry[]): Promise<'sent' | 'refused' | 'retry'> {
    try {
      const { status, body } = await this.governance.post<{ recordAccess: number }>(
        RECORD_ACCESS,
        { entries: batch },
        `access-log-${randomUUID()}`,
      );
      if (body.data?.recordAccess !== undefined) return 'sent';
      const code = body.errors?.[0]?.extensions?.code;
      // Governance read the batch and refused it: sending it again would be refused again.
      if (status < 500 && (code === 'BAD_USER_INPUT' || code === 'GRAPHQL_VALIDATION_FAILED')) {
        this.logger.error(
          { code, message: body.errors?.[0]?.message, entries: batch.length },
          'governance refused a batch of access-log entries; they are dropped',
        );
        return 'refused';
      }
      this.logger.warn({ status, code }, 'governance did not record access-log entries; retrying');
      return 'retry';
    } catch (err) {
      this.logger.warn(
        { err, pending: this.buffer.length },
        'governance cannot be reached to record access; retrying',
      );
      return 'retry';
    }
  }
}

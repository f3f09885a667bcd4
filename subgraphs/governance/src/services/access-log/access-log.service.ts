import { ForbiddenError, InvalidInputError, parseInput } from '@cairn/errors';
import { type Principal, readsEverything } from '@cairn/identity';
import type { DataSource } from 'typeorm';
import { assertGateway } from '../access/caller.service';
import { accessLogQueryRules, recordAccessRules } from './access-log-rules';
import {
  type AccessLogCursor,
  type AccessLogRow,
  countAccessLog,
  insertAccessEntries,
  selectAccessLogPage,
} from './access-log-store';

export interface AccessLogPage {
  entries: { cursor: string; row: AccessLogRow }[];
  hasNextPage: boolean;
}

const CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)\|(\d{1,19})$/;

function encodeCursor(row: AccessLogRow): string {
  return Buffer.from(`${row.occurred_key}|${row.id}`).toString('base64url');
}

function decodeCursor(after: string): AccessLogCursor {
  const match = Buffer.from(after, 'base64url').toString('utf8').match(CURSOR);
  if (!match) throw new InvalidInputError([{ path: 'after', message: 'is not a cursor from this list' }]);
  return { occurredKey: match[1]!, id: match[2]! };
}

/** Rights first: nobody else learns even whether their filter is well formed. */
function assertReadsAccessLog(actor: Principal): void {
  if (!readsEverything(actor)) {
    throw new ForbiddenError('Only platform admins and auditors can read the access log');
  }
}

/**
 * The access log: every mutation and every refused attempt (UNAUTHENTICATED, FORBIDDEN), as the
 * gateway saw it. Only the gateway writes it; platform admins and auditors read it.
 */
export class AccessLogService {
  constructor(private readonly dataSource: DataSource) {}

  async record(actor: Principal, input: unknown): Promise<number> {
    assertGateway(actor);
    const entries = parseInput(recordAccessRules, input, 'entries');
    await insertAccessEntries(this.dataSource.manager, entries);
    return entries.length;
  }

  async page(actor: Principal, input: unknown): Promise<AccessLogPage> {
    assertReadsAccessLog(actor);
    const query = parseInput(accessLogQueryRules, input);
    const cursor = query.after ? decodeCursor(query.after) : null;
    const rows = await selectAccessLogPage(this.dataSource.manager, query, cursor);
    const page = rows.slice(0, query.first);
    return {
      entries: page.map((row) => ({ cursor: encodeCursor(row), row })),
      hasNextPage: rows.length > query.first,
    };
  }

  /** How many entries match the filter (an export checks its size before the first line). */
  async count(actor: Principal, filter: unknown): Promise<number> {
    assertReadsAccessLog(actor);
    const query = parseInput(accessLogQueryRules, { filter });
    return countAccessLog(this.dataSource.manager, query);
  }
}

import { InvalidInputError } from '@cairn/errors';
import { type ClassType, Directive, Field, Int, ObjectType } from 'type-graphql';
import { z } from 'zod';
import { keyOf, validIds } from './loader-helpers';

/**
 * Relay-style connections, one implementation for every subgraph: every list that can grow
 * without bound is one of these, so the gateway can price a query by its page sizes and no
 * field answers "everything".
 */

/** Every `first` in the API: at least 1, at most 100. The gateway's cost estimate clamps to the same. */
export const PAGE_SIZE = { min: 1, max: 100, default: 20 } as const;

export const FIRST_DESCRIPTION = `${PAGE_SIZE.min} to ${PAGE_SIZE.max}; ${PAGE_SIZE.default} by default.`;

/** Every subgraph defines it, so it is a value type shared between them. */
@ObjectType({ description: 'Where a page ends and whether another follows.' })
@Directive('@shareable')
export class PageInfo {
  @Field()
  hasNextPage: boolean;

  @Field(() => String, { nullable: true, description: 'Pass it as `after` for the next page.' })
  endCursor: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  totalCount: number;
}

/**
 * `<name>Connection` and `<name>Edge` object types for `node`. Each call makes new classes, so
 * call it once per node type, at module level. `totalCount` says what it counts, since every
 * connection counts only what the caller may see.
 */
export function ConnectionType<T extends object>(
  node: ClassType<T>,
  name: string,
  totalCountDescription = 'How many there are in all, of those the caller may see.',
): ClassType<Connection<T>> {
  @ObjectType(`${name}Edge`)
  class EdgeType implements Edge<T> {
    @Field({ description: 'Opaque; pass it as `after` to continue after this edge.' })
    cursor: string;

    @Field(() => node)
    node: T;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionClass implements Connection<T> {
    @Field(() => [EdgeType])
    edges: EdgeType[];

    @Field(() => PageInfo)
    pageInfo: PageInfo;

    @Field(() => Int, { description: totalCountDescription })
    totalCount: number;
  }
  return ConnectionClass;
}

/**
 * Encodes and validates the keyset cursors of one list. A cursor names its list (`kind`), so one
 * taken from another list, edited by hand or truncated is refused as BAD_USER_INPUT on `after`
 * instead of reaching SQL.
 */
export interface CursorCodec<K> {
  encode(key: K): string;
  decode(cursor: string): K;
}

const MAX_CURSOR_LENGTH = 1024;

export function cursorCodec<S extends z.ZodType>(kind: string, key: S): CursorCodec<z.infer<S>> {
  const shape = z.tuple([z.literal(kind), key]);
  return {
    encode: (value) => Buffer.from(JSON.stringify([kind, value])).toString('base64url'),
    decode: (cursor) => {
      if (cursor.length <= MAX_CURSOR_LENGTH && /^[A-Za-z0-9_-]*$/.test(cursor)) {
        try {
          const parsed = shape.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
          if (parsed.success) return parsed.data[1] as z.infer<S>;
        } catch {
          // not JSON: answered below
        }
      }
      throw InvalidInputError.field('after', 'is not a cursor returned by this API');
    },
  };
}

/**
 * Cursor key parts. No timestamps: Postgres keeps microseconds and a JS `Date` milliseconds, so
 * a cursor holding one would repeat or skip rows; a list ordered by time keys on the row's id
 * and compares against that row's stored values in SQL.
 */
export const cursorParts = {
  uuid: z.uuid(),
  text: z.string().max(512),
  int: z.number().int(),
};

export interface PageArgs<K> {
  first: number;
  after: K | null;
}

/** Validates `first` (BAD_USER_INPUT outside 1–100) and decodes `after`. */
export function pageArgs<K>(
  args: { first?: number | null; after?: string | null },
  codec: CursorCodec<K>,
  defaultFirst: number = PAGE_SIZE.default,
): PageArgs<K> {
  const first = args.first ?? defaultFirst;
  if (!Number.isInteger(first) || first < PAGE_SIZE.min || first > PAGE_SIZE.max) {
    throw InvalidInputError.field('first', `must be between ${PAGE_SIZE.min} and ${PAGE_SIZE.max}`);
  }
  return { first, after: args.after == null ? null : codec.decode(args.after) };
}

/**
 * A page from the rows of one list: `rows` holds up to `first + 1` rows in order, the extra one
 * only telling that another page follows.
 */
export function toConnection<R, T = R>(
  rows: readonly R[],
  first: number,
  totalCount: number,
  cursorOf: (row: R) => string,
  nodeOf: (row: R) => T = (row) => row as unknown as T,
): Connection<T> {
  const edges = rows.slice(0, first).map((row) => ({ cursor: cursorOf(row), node: nodeOf(row) }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount,
  };
}

/** The key of a connection field's DataLoader: whose list, and which page of it. */
export interface PageKey<K> extends PageArgs<K> {
  parentId: string;
}

export function pageKey<K>(parentId: string, page: PageArgs<K>): PageKey<K> {
  return { parentId, ...page };
}

/** DataLoader `cacheKeyFn` for page keys: the same page of the same parent loads once. */
export const pageCacheKey = <K>(key: PageKey<K>): string =>
  JSON.stringify([keyOf(key.parentId), key.first, key.after]);

export interface PagedListSource<R, K, T = R> {
  /**
   * The first `first + 1` rows after `after` (when given) of every parent, in the list's order,
   * in one query (e.g. `row_number() OVER (PARTITION BY parent ORDER BY key)`).
   */
  rows(parentIds: string[], page: PageArgs<K>): Promise<R[]>;
  /** How many rows each parent has in all, in one query; parents without rows may be absent. */
  counts(parentIds: string[]): Promise<Map<string, number>>;
  parentOf(row: R): string;
  cursorOf(row: R): string;
  /** The node of a row, when a row is more than its node (e.g. a node listed under several parents). */
  nodeOf?(row: R): T;
}

/**
 * The batch function of a connection field's DataLoader: the page of every parent asked for,
 * one `rows` and one `counts` query per distinct (first, after) — in practice one each, since a
 * list field inside a page of parents is asked with the same arguments for all of them.
 */
export function loadPages<R, K, T = R>(source: PagedListSource<R, K, T>) {
  return async (keys: readonly PageKey<K>[]): Promise<Connection<T>[]> => {
    const groups = new Map<string, PageKey<K>[]>();
    for (const key of keys) {
      const group = JSON.stringify([key.first, key.after]);
      groups.set(group, [...(groups.get(group) ?? []), key]);
    }
    const pages = new Map<PageKey<K>, Connection<T>>();
    await Promise.all(
      [...groups.values()].map(async (group) => {
        const parentIds = validIds(group.map((key) => key.parentId));
        const [rows, counts] =
          parentIds.length === 0
            ? [[], new Map<string, number>()]
            : await Promise.all([source.rows(parentIds, group[0]!), source.counts(parentIds)]);
        const byParent = new Map<string, R[]>();
        for (const row of rows) {
          const parent = keyOf(source.parentOf(row));
          byParent.set(parent, [...(byParent.get(parent) ?? []), row]);
        }
        for (const key of group) {
          const parent = keyOf(key.parentId);
          pages.set(
            key,
            toConnection(
              byParent.get(parent) ?? [],
              key.first,
              counts.get(parent) ?? 0,
              source.cursorOf,
              source.nodeOf?.bind(source),
            ),
          );
        }
      }),
    );
    return keys.map((key) => pages.get(key)!);
  };
}

/** Turns `SELECT parent, count(*)` rows into the map `PagedListSource.counts` answers. */
export function countsByParent(
  rows: readonly { parent: string; count: string | number }[],
): Map<string, number> {
  return new Map(rows.map((row) => [keyOf(row.parent), Number(row.count)]));
}

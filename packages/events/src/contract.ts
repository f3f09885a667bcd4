import { type DomainEvent, EventLog } from '@cairn/event-log';
import type { EntityManager } from 'typeorm';
import type { z } from 'zod';

/** One event kind: what its subject is and the shape of its payload. */
export interface EventKind {
  subjectType: string;
  payload: z.ZodType<object>;
}

type Kinds = Record<string, EventKind>;

/** `registry.ModelVersionCreated`: the log's schema, a dot, the kind's name. */
export type EventType<S extends string, K extends Kinds> = `${S}.${keyof K & string}`;

type KindOf<S extends string, K extends Kinds, T extends string> = T extends `${S}.${infer N}` ? K[N] : never;

/** The payload of event type `T`, as consumers read it. */
export type PayloadOf<S extends string, K extends Kinds, T extends string> = z.output<
  KindOf<S, K, T>['payload']
>;

/** What a producer writes: `subjectType` follows from the type, the payload is checked against it. */
export type EventInput<S extends string, K extends Kinds> = {
  [N in keyof K & string]: {
    type: `${S}.${N}`;
    subjectId: string;
    actor: string;
    payload: z.input<K[N]['payload']>;
  };
}[keyof K & string];

/** A stored event read through the contract: discriminated by `type`, payload typed. */
export type ParsedEvent<S extends string, K extends Kinds> = {
  [N in keyof K & string]: {
    eventId?: string;
    type: `${S}.${N}`;
    subjectType: string;
    subjectId: string;
    payload: z.output<K[N]['payload']>;
  };
}[keyof K & string];

/** The fields of a stored event the contract needs to read it. */
export interface RawEvent {
  eventId?: string;
  type: string;
  subjectType: string;
  subjectId: string;
  payload: unknown;
}

/**
 * An event that does not satisfy its contract: an unknown type, a payload that fails its schema,
 * or another subject type. It is a fact about stored data, not about a request, so it is not a
 * `@cairn/errors` class: a consumer quarantines the event and moves on.
 */
export class MalformedEventError extends Error {
  override readonly name = 'MalformedEventError';

  constructor(
    readonly event: Pick<RawEvent, 'eventId' | 'type' | 'subjectId'>,
    readonly problems: string[],
  ) {
    super(
      `Event ${event.eventId ?? '(unsaved)'} (${event.type}, subject ${event.subjectId}) breaks its contract: ${problems.join('; ')}`,
    );
  }
}

/**
 * One subgraph's published events: the log's schema, each event type and its payload schema.
 * Producers append through it (`TypedEventLog`), consumers read through it (`parse`), so the
 * contract between subgraphs is checked by the compiler on both sides and by zod at run time.
 */
export class EventContract<S extends string, K extends Kinds> {
  /** Event type per kind name, e.g. `types.ModelVersionCreated === 'registry.ModelVersionCreated'`. */
  readonly types: { readonly [N in keyof K & string]: `${S}.${N}` };

  constructor(
    readonly schema: S,
    readonly kinds: K,
  ) {
    this.types = Object.fromEntries(Object.keys(kinds).map((name) => [name, `${schema}.${name}`])) as never;
  }

  private kindOf(type: string): EventKind | undefined {
    if (!type.startsWith(`${this.schema}.`)) return undefined;
    const name = type.slice(this.schema.length + 1);
    return Object.hasOwn(this.kinds, name) ? this.kinds[name] : undefined;
  }

  has(type: string): type is EventType<S, K> {
    return this.kindOf(type) !== undefined;
  }

  /** The event checked against its kind; throws `MalformedEventError` when it is not one. */
  parse(event: RawEvent): ParsedEvent<S, K> {
    const kind = this.kindOf(event.type);
    if (!kind) throw new MalformedEventError(event, [`unknown event type for the ${this.schema} log`]);
    const problems: string[] = [];
    if (event.subjectType !== kind.subjectType) {
      problems.push(`subject type is ${event.subjectType}, expected ${kind.subjectType}`);
    }
    const payload = kind.payload.safeParse(event.payload);
    if (!payload.success) {
      problems.push(
        ...payload.error.issues.map(
          (issue) => `payload.${issue.path.join('.') || '(root)'}: ${issue.message}`,
        ),
      );
    }
    if (problems.length > 0 || !payload.success) throw new MalformedEventError(event, problems);
    return {
      eventId: event.eventId,
      type: event.type,
      subjectType: event.subjectType,
      subjectId: event.subjectId,
      payload: payload.data,
    } as ParsedEvent<S, K>;
  }

  /** `parse`, requiring type `T`: the payload comes back typed as `T`'s. */
  parseAs<T extends EventType<S, K>>(type: T, event: RawEvent): PayloadOf<S, K, T> {
    if (event.type !== type) throw new MalformedEventError(event, [`expected a ${type} event`]);
    return this.parse(event).payload as PayloadOf<S, K, T>;
  }

  /** The domain event to append; the payload is validated, so no malformed event is ever written. */
  toDomainEvent(input: EventInput<S, K>): DomainEvent<object> {
    const kind = this.kindOf(input.type)!;
    const event = { type: input.type, subjectType: kind.subjectType, subjectId: input.subjectId };
    const parsed = this.parse({ ...event, payload: input.payload });
    return { ...event, actor: input.actor, payload: parsed.payload };
  }
}

/** A subgraph's event log, appended to only through its contract. */
export class TypedEventLog<S extends string, K extends Kinds> extends EventLog {
  constructor(readonly contract: EventContract<S, K>) {
    super(contract.schema);
  }

  /** Appends in the caller's transaction; each payload type is checked against its event type. */
  publish(manager: EntityManager, ...events: EventInput<S, K>[]): Promise<void> {
    return this.append(manager, ...events.map((event) => this.contract.toDomainEvent(event)));
  }
}

/** `EventInput` of a contract, e.g. `EventInputOf<typeof lineageEvents>`. */
export type EventInputOf<C> = C extends EventContract<infer S, infer K> ? EventInput<S, K> : never;

/** `ParsedEvent` of a contract, e.g. `ParsedEventOf<typeof registryEvents>`. */
export type ParsedEventOf<C> = C extends EventContract<infer S, infer K> ? ParsedEvent<S, K> : never;

import type { ApolloServerPlugin } from '@apollo/server';
import type { Principal } from '@cairn/identity';
import {
  type DocumentNode,
  type GraphQLFormattedError,
  Kind,
  type OperationDefinitionNode,
  parse,
  type SelectionSetNode,
} from 'graphql';
import type { AccessEntry, AccessLogSender } from './access-log-sender';
import type { GatewayContext } from './context';

/** Outcomes that are recorded whatever the operation: someone was refused. */
const REFUSALS = new Set(['UNAUTHENTICATED', 'FORBIDDEN']);
const CODE = /^[A-Z][A-Z0-9_]{0,63}$/;
/** Enough to name the operation of any reasonable document, cheap on a hostile one. */
const MAX_TOKENS_TO_NAME = 2000;

export interface RequestOrigin {
  requestId: string;
  address?: string;
  userAgent?: string;
}

function rootFieldsOf(
  selectionSet: SelectionSetNode,
  document: DocumentNode | undefined,
  depth = 0,
): string[] {
  if (depth > 3) return [];
  return selectionSet.selections.flatMap((selection) => {
    if (selection.kind === Kind.FIELD)
      return selection.name.value === '__typename' ? [] : [selection.name.value];
    if (selection.kind === Kind.INLINE_FRAGMENT)
      return rootFieldsOf(selection.selectionSet, document, depth + 1);
    const fragment = document?.definitions.find(
      (d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === selection.name.value,
    );
    return fragment?.kind === Kind.FRAGMENT_DEFINITION
      ? rootFieldsOf(fragment.selectionSet, document, depth + 1)
      : [];
  });
}

/** The codes answered, in order, once each; anything not shaped like a code is left out. */
export function errorCodesOf(errors: readonly GraphQLFormattedError[] | undefined): string[] {
  const codes = (errors ?? [])
    .map((e) => e.extensions?.code)
    .filter((c): c is string => typeof c === 'string' && CODE.test(c));
  return [...new Set(codes)].slice(0, 20);
}

/** `OK`, a refusal if there was one (that is what the log is read for), else the first code. */
export function outcomeOf(codes: readonly string[]): string {
  return codes.find((c) => REFUSALS.has(c)) ?? codes[0] ?? 'OK';
}

export function isRecorded(operationType: string | null, codes: readonly string[]): boolean {
  return operationType === 'mutation' || codes.some((c) => REFUSALS.has(c));
}

export function accessEntry(
  origin: RequestOrigin,
  principal: Principal | null,
  operation: { type: AccessEntry['operationType']; name: string | null; rootFields: string[] },
  codes: string[],
): AccessEntry {
  return {
    occurredAt: new Date().toISOString(),
    requestId: origin.requestId,
    subject: principal?.subject ?? null,
    email: principal?.email ?? null,
    principalKind: principal?.kind === 'user' || principal?.kind === 'service' ? principal.kind : null,
    clientKind: principal?.client?.kind ?? null,
    clientId: principal?.client?.id ?? null,
    operationType: operation.type,
    operationName: operation.name?.slice(0, 200) ?? null,
    rootFields: operation.rootFields.slice(0, 50).map((field) => field.slice(0, 200)),
    outcome: outcomeOf(codes),
    errorCodes: codes,
    remoteAddress: origin.address?.slice(0, 64) ?? null,
    userAgent: origin.userAgent?.slice(0, 256) ?? null,
  };
}

function describe(operation: OperationDefinitionNode, document: DocumentNode | undefined) {
  return {
    type: operation.operation as AccessEntry['operationType'],
    name: operation.name?.value ?? null,
    rootFields: rootFieldsOf(operation.selectionSet, document),
  };
}

/**
 * What a request refused before GraphQL ran (no valid credential) was trying to do, from its
 * body: best effort, bounded, and never an error of its own.
 */
export function describeBody(body: unknown): ReturnType<typeof describe> {
  const unknown = { type: null, name: null, rootFields: [] };
  const { query, operationName } = (body ?? {}) as { query?: unknown; operationName?: unknown };
  if (typeof query !== 'string') return unknown;
  try {
    const document = parse(query, { noLocation: true, maxTokens: MAX_TOKENS_TO_NAME });
    const operations = document.definitions.filter(
      (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
    );
    const operation =
      typeof operationName === 'string'
        ? operations.find((o) => o.name?.value === operationName)
        : operations.length === 1
          ? operations[0]
          : undefined;
    return operation ? describe(operation, document) : unknown;
  } catch {
    return unknown;
  }
}

/**
 * Records every mutation and every operation answered UNAUTHENTICATED or FORBIDDEN, after the
 * answer is formatted (so the codes are the ones the caller saw). Recording only appends to the
 * sender's buffer; the request never waits for governance.
 */
export function accessLogPlugin(sender: AccessLogSender): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, operation, document, response }) {
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          const codes = errorCodesOf(errors);
          // Most requests are queries that succeed, which are not recorded: decide before describing.
          if (!isRecorded((operation?.operation as AccessEntry['operationType']) ?? null, codes)) return;
          const described = operation
            ? describe(operation, document)
            : { type: null, name: null, rootFields: [] };
          sender.record(accessEntry(contextValue.origin, contextValue.principal, described, codes));
        },
      };
    },
  };
}

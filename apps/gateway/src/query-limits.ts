import type { ApolloServerPlugin } from '@apollo/server';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  type DocumentNode,
  GraphQLError,
  type GraphQLSchema,
  getNullableType,
  isListType,
  Kind,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { type ComplexityEstimator, getComplexity } from 'graphql-query-complexity';
import { LRUCache } from 'lru-cache';

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxCost: number;
}

/**
 * Structural limits, checked while the operation is validated: depth (introspection included,
 * so a nested `__schema` query is no loophole), aliases (one field asked 2,000 times is 2,000
 * resolver calls) and directives.
 */
export function limitRules(limits: QueryLimits): ValidationRule[] {
  // Report rather than throw: a thrown error would be an unexpected failure, not a 400.
  const report = {
    propagateOnRejection: false,
    onReject: [
      (context: ValidationContext | null, error: GraphQLError) =>
        context?.reportError(new GraphQLError(error.message.replace(/^Syntax Error: /, ''))),
    ],
  };
  return [
    // The standard introspection query that tools send is 13 levels deep (`ofType` nests), so
    // introspection has its own, slightly higher bound instead of being exempt.
    maxDepthRule({ n: limits.maxDepth, ignoreIntrospection: true, flattenFragments: true, ...report }),
    introspectionDepthRule(INTROSPECTION_MAX_DEPTH),
    // `__typename` is no exception: 2,000 of them are still 2,000 fields to plan and answer.
    maxAliasesRule({ n: limits.maxAliases, allowList: [], ...report }),
    maxDirectivesRule({ n: limits.maxDirectives, ...report }),
  ] as ValidationRule[];
}

/** Deep enough for `getIntrospectionQuery()` (GraphiQL, codegen), not for a recursion bomb. */
export const INTROSPECTION_MAX_DEPTH = 15;

/** Refuses `__schema` / `__type` selections nested deeper than `maxDepth` (fragments followed). */
export function introspectionDepthRule(maxDepth: number): ValidationRule {
  return (context) => {
    const depthOf = (selectionSet: SelectionSetNode | undefined, seen: Set<string>): number => {
      let deepest = 0;
      for (const selection of selectionSet?.selections ?? []) {
        if (selection.kind === Kind.FIELD) {
          deepest = Math.max(deepest, 1 + depthOf(selection.selectionSet, seen));
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          deepest = Math.max(deepest, depthOf(selection.selectionSet, seen));
        } else if (!seen.has(selection.name.value)) {
          const fragment = context.getFragment(selection.name.value);
          deepest = Math.max(
            deepest,
            depthOf(fragment?.selectionSet, new Set([...seen, selection.name.value])),
          );
        }
      }
      return deepest;
    };
    return {
      Field(node) {
        if (node.name.value !== '__schema' && node.name.value !== '__type') return false;
        const depth = 1 + depthOf(node.selectionSet, new Set());
        if (depth > maxDepth) {
          context.reportError(
            new GraphQLError(`Introspection depth limit of ${maxDepth} exceeded, found ${depth}.`, {
              nodes: [node],
            }),
          );
        }
        return false; // the introspection subtree is measured here as a whole
      },
    };
  };
}

/**
 * Every `first` in the API accepts 1 to 100 (the subgraphs reject anything else) and defaults
 * to 20: the rules of `@cairn/subgraph-kit`'s `pageArgs`, which every connection uses.
 */
const PAGE_SIZE = { min: 1, max: 100, default: 20 };
/**
 * Lists without a page size of their own. Every list that can grow without bound is a
 * connection, so what remains is either the inside of a paged object (`edges`, `hits`), whose
 * estimate the paged field rescales to its real page size below, or bounded by design: a model's
 * `tags`, facet values (at most 50 per kind), a caller's roles, memberships and scopes, a
 * token's scopes, the metrics one `logMetrics` call wrote (at most 200).
 */
const UNPAGED_LIST_GUESS = 10;

/**
 * The page size a field will really return: `first` clamped to the bounds the subgraphs
 * enforce. Clamping matters: a negative `first` used to make the estimate negative and let a
 * sibling field of any cost through.
 */
export function effectivePageSize(first: unknown): number | undefined {
  if (first === undefined || first === null) return undefined;
  if (typeof first !== 'number' || !Number.isFinite(first)) return PAGE_SIZE.max;
  return Math.min(PAGE_SIZE.max, Math.max(PAGE_SIZE.min, Math.trunc(first)));
}

/**
 * Lists cost their page size: a list field's own `first`, or a guess when it takes none. A
 * paged object (every connection, `searchModels(first)`) pages the list inside it (`edges`,
 * `hits`), whose cost was estimated with the guess: rescale it to the real page size, its
 * default when `first` is not given. Nested connections multiply: `versions(first: 100)` inside
 * `models(first: 100)` costs a hundred times its own page.
 */
export const pageAwareEstimator: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  // Introspection is answered by the gateway from its own schema, bounded by the schema's size
  // and by its depth rule; list guesses would price the standard introspection query out.
  if (field.name.startsWith('__') || type.name.startsWith('__')) return 0;
  const isList = isListType(getNullableType(field.type));
  const first = effectivePageSize(args.first);
  if (isList) return 1 + childComplexity * (first ?? UNPAGED_LIST_GUESS);
  if ('first' in args || field.args.some((a) => a.name === 'first')) {
    const pageSize = first ?? PAGE_SIZE.default;
    return 1 + Math.ceil((childComplexity * pageSize) / UNPAGED_LIST_GUESS);
  }
  return 1 + childComplexity;
};

/** How many variable-free operations keep their estimated cost. */
const REMEMBERED_COSTS = 1000;

/**
 * Rejects operations whose estimated cost exceeds the limit, before any subgraph is called.
 *
 * The estimate walks the whole operation; clients send the same few documents again and again,
 * so the cost of an operation sent without variables (which then depends on its text alone, the
 * schema being fixed) is remembered by the document's hash and operation name. Operations with
 * variables are estimated every time, as their page sizes may differ.
 */
export function costLimitPlugin(maxCost: number): ApolloServerPlugin {
  const remembered = new LRUCache<string, number>({ max: REMEMBERED_COSTS });
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, request, queryHash }) {
          const variableFree = !request.variables || Object.keys(request.variables).length === 0;
          const key = variableFree ? `${queryHash}:${request.operationName ?? ''}` : undefined;
          let cost = key === undefined ? undefined : remembered.get(key);
          if (cost === undefined) {
            cost = estimateCost(schema, document, request);
            if (key !== undefined) remembered.set(key, cost);
          }
          if (cost > maxCost) {
            throw new GraphQLError(`Query cost ${cost} exceeds the limit of ${maxCost}`, {
              extensions: { code: 'QUERY_TOO_COMPLEX', cost, maxCost, http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}

export function estimateCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  request: { operationName?: string; variables?: Record<string, unknown> },
): number {
  try {
    return getComplexity({
      schema,
      query: document,
      operationName: request.operationName,
      variables: request.variables,
      estimators: [pageAwareEstimator],
    });
  } catch (error) {
    // The estimate coerces the variables first; a value of the wrong type is the
    // caller's mistake, answered the way GraphQL answers it during execution.
    if (!(error instanceof GraphQLError)) throw error;
    throw new GraphQLError(error.message, {
      extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
    });
  }
}

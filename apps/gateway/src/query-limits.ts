import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, getNullableType, isListType, type ValidationRule } from 'graphql';
import depthLimit from 'graphql-depth-limit';
import { type ComplexityEstimator, getComplexity } from 'graphql-query-complexity';

export function depthLimitRule(maxDepth: number): ValidationRule {
  return depthLimit(maxDepth);
}

/**
 * Lists cost their page size: a list field's own `first`, or a guess when it takes none. A
 * paged object (`models(first)`, `searchModels(first)`) pages the list inside it (`edges`,
 * `hits`), whose cost was estimated with the guess: rescale it to the real page size.
 */
const UNPAGED_LIST_GUESS = 10;
const pageAwareEstimator: ComplexityEstimator = ({ field, args, childComplexity }) => {
  const isList = isListType(getNullableType(field.type));
  const first = typeof args.first === 'number' ? args.first : undefined;
  if (isList) return 1 + childComplexity * (first ?? UNPAGED_LIST_GUESS);
  if (first !== undefined) return 1 + Math.ceil((childComplexity * first) / UNPAGED_LIST_GUESS);
  return 1 + childComplexity;
};

/** Rejects operations whose estimated cost exceeds the limit, before any subgraph is called. */
export function costLimitPlugin(maxCost: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, request }) {
          const cost = getComplexity({
            schema,
            query: document,
            operationName: request.operationName,
            variables: request.variables,
            estimators: [pageAwareEstimator],
          });
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

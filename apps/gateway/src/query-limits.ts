import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, getNullableType, isListType, type ValidationRule } from 'graphql';
import depthLimit from 'graphql-depth-limit';
import { type ComplexityEstimator, getComplexity } from 'graphql-query-complexity';

export function depthLimitRule(maxDepth: number): ValidationRule {
  return depthLimit(maxDepth);
}

/** Lists cost their page size (`first`), or a default guess when a list takes no page size. */
const UNPAGED_LIST_GUESS = 10;
const pageAwareEstimator: ComplexityEstimator = ({ field, args, childComplexity }) => {
  const isList = isListType(getNullableType(field.type));
  const first = typeof args.first === 'number' ? args.first : undefined;
  const multiplier = first ?? (isList ? UNPAGED_LIST_GUESS : 1);
  return 1 + childComplexity * multiplier;
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

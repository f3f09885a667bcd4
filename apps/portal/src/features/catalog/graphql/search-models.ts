import { gql } from 'urql';
import type { Stage } from '@/components/stage-badge/stage-badge';
import type { FacetKind } from '../lib/catalog-params';

export interface CatalogModel {
  id: string;
  name: string;
  description: string;
  task: string | null;
  framework: string | null;
  tags: string[];
  team: { slug: string; name: string };
  latestVersion: { version: number; stage: Stage } | null;
}

export interface FacetCount {
  value: string;
  count: number;
}

export interface SearchModelsData {
  searchModels: {
    total: number;
    hits: { model: CatalogModel }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    facets: Record<FacetKind, FacetCount[]>;
  };
}

export interface SearchModelsVariables {
  query: string;
  first?: number;
  after?: string | null;
  filters?: Partial<Record<FacetKind, string[]>> | null;
}

/** One page of the catalog; an empty `query` lists every model. */
export const SEARCH_MODELS = gql<SearchModelsData, SearchModelsVariables>`
  query CatalogSearch($query: String!, $first: Int, $after: String, $filters: ModelSearchFiltersInput) {
    searchModels(query: $query, first: $first, after: $after, filters: $filters) {
      total
      hits {
        model {
          id
          name
          description
          task
          framework
          tags
          team {
            slug
            name
          }
          latestVersion {
            version
            stage
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
      facets {
        teams {
          value
          count
        }
        tasks {
          value
          count
        }
        frameworks {
          value
          count
        }
        tags {
          value
          count
        }
      }
    }
  }
`;

export const PAGE_SIZE = 20;

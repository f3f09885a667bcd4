import type { Stage } from '@/components/stage-badge/stage-badge';
import type { Listed } from '../lib/listed';

export {
  DATASETS_SHOWN,
  METRICS_SHOWN,
  MODEL_DETAIL_QUERY,
  RUNS_SHOWN,
  VERSIONS_SHOWN,
} from './model-detail.query';
export type { Listed };

export interface ModelVersionDetail {
  id: string;
  version: number;
  createdAt: string;
  createdBy: string;
  stage: Stage;
  /** Null unless deprecated. */
  deprecation: {
    reason: string;
    by: string;
    at: string;
    successor: { id: string; version: number } | null;
  } | null;
  /** Null unless under legal hold. */
  legalHold: { reason: string; placedBy: string; placedAt: string } | null;
  stageHistory: Listed<{ from: Stage; to: Stage; actor: string; occurredAt: string }>;
  metrics: Listed<{ name: string; value: number; dataset: string | null }>;
  lineage: {
    datasets: Listed<{ id: string; name: string; uri: string; checksum: string }>;
    runs: Listed<{ id: string; codeRef: string }>;
  };
}

export interface ModelDetail {
  id: string;
  name: string;
  description: string;
  task: string | null;
  framework: string | null;
  license: string | null;
  tags: string[];
  createdAt: string;
  createdBy: string;
  team: { slug: string; name: string };
  /** The newest `VERSIONS_SHOWN`, newest first. */
  versions: Listed<ModelVersionDetail>;
}

type Page<T> = { totalCount: number; edges: { node: T }[] };
type ItemOf<L> = L extends Listed<infer T> ? T : never;

/** The query's answer: every list is a connection. */
export interface ModelDetailData {
  model: Omit<ModelDetail, 'versions'> & {
    versions: Page<
      Omit<ModelVersionDetail, 'stageHistory' | 'metrics' | 'lineage'> & {
        stageHistory: Page<ItemOf<ModelVersionDetail['stageHistory']>>;
        metrics: Page<ItemOf<ModelVersionDetail['metrics']>>;
        lineage: {
          datasets: Page<ItemOf<ModelVersionDetail['lineage']['datasets']>>;
          runs: Page<ItemOf<ModelVersionDetail['lineage']['runs']>>;
        };
      }
    >;
  };
}

import type { ModelDetail, ModelDetailData } from '../graphql/model-detail';
import { listed } from './listed';

/** The query's connections as the lists the page shows. */
export function toModelDetail(model: ModelDetailData['model']): ModelDetail {
  return {
    ...model,
    versions: listed(model.versions, (version) => ({
      ...version,
      stageHistory: listed(version.stageHistory),
      metrics: listed(version.metrics),
      lineage: { datasets: listed(version.lineage.datasets), runs: listed(version.lineage.runs) },
    })),
  };
}

/** The model's canary rollouts, newest first as governance lists them, with windows and decisions. */
export const MODEL_ROLLOUTS_QUERY = /* GraphQL */ `
  query ModelRollouts($id: ID!) {
    model(id: $id) {
      id
      rollouts {
        id
        status
        trafficPercent
        startedBy
        startedAt
        endedAt
        endReason
        strategy {
          steps
          windowMinutes
          rules {
            maxErrorRateRatio
            maxLatencyP99Ms
            minRequests
          }
        }
        candidate {
          id
          version
        }
        baseline {
          id
          version
        }
        windows {
          id
          trafficPercent
          start
          end
          verdict
          findings
          candidate {
            requests
            errorRate
            latencyP99Ms
          }
          baseline {
            requests
            errorRate
            latencyP99Ms
          }
        }
        decisions {
          kind
          automatic
          fromPercent
          toPercent
          reason
          decidedBy
          decidedAt
        }
      }
    }
  }
`;

export type RolloutStatus = 'IN_PROGRESS' | 'COMPLETED' | 'ROLLED_BACK';

interface Observation {
  requests: number;
  errorRate: number;
  latencyP99Ms: number | null;
}

export interface RolloutView {
  id: string;
  status: RolloutStatus;
  trafficPercent: number;
  startedBy: string;
  startedAt: string;
  endedAt: string | null;
  endReason: string | null;
  strategy: {
    steps: number[];
    windowMinutes: number;
    rules: { maxErrorRateRatio: number; maxLatencyP99Ms: number | null; minRequests: number };
  };
  candidate: { id: string; version: number };
  baseline: { id: string; version: number };
  windows: {
    id: string;
    trafficPercent: number;
    start: string;
    end: string;
    verdict: 'PASS' | 'FAIL' | 'INSUFFICIENT';
    findings: string[];
    candidate: Observation;
    baseline: Observation;
  }[];
  decisions: {
    kind: 'ADVANCE' | 'COMPLETE' | 'ROLLBACK';
    automatic: boolean;
    fromPercent: number;
    toPercent: number;
    reason: string;
    decidedBy: string;
    decidedAt: string;
  }[];
}

export type ModelRolloutsData = { model: { id: string; rollouts: RolloutView[] } | null };

import { createHash } from 'node:crypto';
import type { SubgraphName } from '@cairn/config';
import {
  INTERNAL_IDENTITY_HEADER,
  InternalTokenSigner,
  type Principal,
  SCOPES,
  SYSTEM_PRINCIPAL,
  type TeamMembership,
} from '@cairn/identity';
import type { Logger } from 'pino';
import { type DemoFile, demoCard, demoFiles, demoProvenance, digestOf } from './demo-artifacts';
import { DEMO_DATASETS_BY_TEAM, DEMO_MODELS, DEMO_TEAMS, seededRandom } from './demo-catalog';
import { type DemoProductionVersion, seedDemoDrift } from './demo-drift';
import { demoDetour, seedDemoTeamRequests, walkDemoDetour } from './demo-governance-story';
import { seedDemoHistory } from './demo-history';
import { seedDemoRollouts } from './demo-rollouts';

/**
 * Seeds through each subgraph's own GraphQL API, so demo data meets the same rules and
 * appends the same events as real use. Runs only when the registry has no teams yet.
 */
const demoTeams = (role: TeamMembership['role'], approver: boolean): TeamMembership[] =>
  DEMO_TEAMS.map((t) => ({ team: t.slug, role, approver }));

/** The demo pipeline that registers, trains, evaluates and stages versions. */
const SEED_PRINCIPAL: Principal = {
  subject: 'demo-seed',
  kind: 'service',
  email: 'demo-seed@demo.cairn',
  name: 'Demo seed',
  orgRoles: [],
  memberships: demoTeams('contributor', false),
  scopes: [...SCOPES],
};

/**
 * The approvers of the demo's history: nobody approves their own versions, and the policies of
 * the higher risk tiers ask for up to three approvers holding the security and risk roles.
 */
const SEED_APPROVERS: Principal[] = [1, 2, 3].map((n) => ({
  subject: `demo-seed-approver-${n}`,
  kind: 'service',
  email: `demo-approvals-${n}@demo.cairn`,
  name: `Demo approvals ${n}`,
  orgRoles: [],
  memberships: demoTeams('viewer', true),
  scopes: [...SCOPES],
}));
const SEED_APPROVAL_ROLES: [string, string][] = [
  ['security', 'demo-approvals-1@demo.cairn'],
  ['risk', 'demo-approvals-2@demo.cairn'],
  // The demo approver can complete a HIGH model's promotion in the portal.
  ['security', 'approver@demo.cairn'],
];
const RISK_TIERS = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;

const STAGES = ['STAGING', 'PRODUCTION', 'DEPRECATED', 'ARCHIVED'] as const;

class SubgraphClient {
  private readonly signer: InternalTokenSigner;
  constructor(
    private readonly urls: Record<SubgraphName, string>,
    identitySigningKey: string,
  ) {
    this.signer = new InternalTokenSigner(identitySigningKey, 300);
  }

  async identityHeaders(subgraph: SubgraphName, principal = SEED_PRINCIPAL): Promise<Record<string, string>> {
    return { [INTERNAL_IDENTITY_HEADER]: await this.signer.sign(principal, subgraph) };
  }

  async call<T>(
    subgraph: SubgraphName,
    query: string,
    variables: object,
    principal = SEED_PRINCIPAL,
  ): Promise<T> {
    const response = await fetch(this.urls[subgraph], {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [INTERNAL_IDENTITY_HEADER]: await this.signer.sign(principal, subgraph),
      },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
    if (body.errors?.length) throw new Error(`${subgraph}: ${body.errors.map((e) => e.message).join('; ')}`);
    return body.data as T;
  }
}

/** Uploads a file for a model through the registry's own upload flow, as a pipeline would. */
async function uploadDemoFile(client: SubgraphClient, registryUrl: string, modelId: string, file: DemoFile) {
  const sha256 = digestOf(file.bytes);
  const { beginArtifactUpload } = await client.call<{
    beginArtifactUpload: { alreadyStored: boolean; upload: { id: string; parts: { url: string }[] } | null };
  }>(
    'registry',
    'mutation($i: BeginArtifactUploadInput!) { beginArtifactUpload(input: $i) { alreadyStored upload { id parts { url } } } }',
    { i: { modelId, sha256, size: file.bytes.length } },
  );
  const upload = beginArtifactUpload.upload;
  if (upload) {
    // Demo files are one part each; the part URL is a path on the registry's origin.
    const response = await fetch(new URL(upload.parts[0]!.url, registryUrl), {
      method: 'PUT',
      headers: await client.identityHeaders('registry'),
      body: file.bytes,
    });
    if (!response.ok) throw new Error(`registry: uploading ${file.path} failed (HTTP ${response.status})`);
    await client.call('registry', 'mutation($id: ID!) { completeArtifactUpload(id: $id) { sha256 } }', {
      id: upload.id,
    });
  }
  return { path: file.path, sha256 };
}

const checksum = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;

/** Stage path for version `index` of `count`: older versions retired, the newest in flight. */
function stagesFor(index: number, count: number, random: () => number): (typeof STAGES)[number][] {
  const fromNewest = count - 1 - index;
  if (fromNewest === 0) return STAGES.slice(0, random() < 0.5 ? 2 : 1);
  if (fromNewest === 1) return count > 2 ? STAGES.slice(0, 3) : STAGES.slice(0, 2);
  return STAGES.slice(0, 4);
}

/**
 * STAGING and PRODUCTION through a promotion request approved by as many demo approvers as the
 * model's policy asks for; later stages directly.
 */
async function moveDemoVersion(
  client: SubgraphClient,
  versionId: string,
  to: (typeof STAGES)[number],
  position: { model: number; version: number },
) {
  if (to !== 'STAGING' && to !== 'PRODUCTION') {
    await client.call(
      'governance',
      'mutation($i: TransitionStageInput!) { transitionStage(input: $i) { id } }',
      { i: { modelVersionId: versionId, to, reason: `Demo history: moved to ${to.toLowerCase()}` } },
    );
    return;
  }
  const detour = demoDetour(position.model, position.version, to);
  if (detour) {
    const approver = SEED_APPROVERS[(position.model + position.version) % SEED_APPROVERS.length]!;
    await walkDemoDetour(
      (query, variables, principal) => client.call('governance', query, variables, principal),
      detour,
      versionId,
      to,
      approver,
      position.model + position.version,
    );
  }
  const requestId = await requestDemoPromotion(
    client,
    versionId,
    to,
    `Demo history: ready for ${to.toLowerCase()}`,
  );
  for (const approver of SEED_APPROVERS) {
    const { approvePromotion } = await client.call<{ approvePromotion: { status: string } }>(
      'governance',
      'mutation($i: ApprovePromotionInput!) { approvePromotion(input: $i) { status } }',
      { i: { id: requestId, comment: 'Demo: evidence reviewed' } },
      approver,
    );
    if (approvePromotion.status === 'APPROVED') return;
  }
  throw new Error(`the demo approvers could not promote ${versionId} to ${to}`);
}

async function requestDemoPromotion(
  client: SubgraphClient,
  versionId: string,
  target: 'STAGING' | 'PRODUCTION',
  justification: string,
): Promise<string> {
  const { requestPromotion } = await client.call<{ requestPromotion: { id: string } }>(
    'governance',
    'mutation($i: RequestPromotionInput!) { requestPromotion(input: $i) { id } }',
    { i: { modelVersionId: versionId, targetStage: target, justification } },
  );
  return requestPromotion.id;
}

export async function seedDemoCatalog(
  urls: Record<SubgraphName, string>,
  identitySigningKey: string,
  logger: Logger,
): Promise<boolean> {
  const client = new SubgraphClient(urls, identitySigningKey);
  const { teams } = await client.call<{ teams: { totalCount: number } }>(
    'registry',
    '{ teams(first: 1) { totalCount } }',
    {},
    SYSTEM_PRINCIPAL,
  );
  if (teams.totalCount > 0) return false;
  const random = seededRandom(20261123);
  const productionReplacements: string[] = [];
  /** Each model's version in PRODUCTION at the end, by model name. */
  const production = new Map<string, DemoProductionVersion>();
  for (const team of DEMO_TEAMS) {
    await client.call(
      'registry',
      'mutation($i: CreateTeamInput!) { createTeam(input: $i) { id } }',
      { i: team },
      SYSTEM_PRINCIPAL,
    );
  }
  for (const [role, subject] of SEED_APPROVAL_ROLES) {
    await client.call(
      'governance',
      'mutation($i: ApprovalRoleGrantInput!) { grantApprovalRole(input: $i) { role } }',
      { i: { role, subject } },
      SYSTEM_PRINCIPAL,
    );
  }
  for (const [modelIndex, spec] of DEMO_MODELS.entries()) {
    const { registerModel } = await client.call<{ registerModel: { id: string } }>(
      'registry',
      'mutation($i: RegisterModelInput!) { registerModel(input: $i) { id } }',
      {
        i: {
          team: spec.team,
          name: spec.name,
          description: spec.description,
          task: spec.task,
          framework: spec.framework,
          license: 'Proprietary',
          tags: spec.tags,
          visibility: spec.visibility,
        },
      },
    );
    const versionCount = 1 + Math.floor(random() * 4);
    let quality = 0.7 + random() * 0.1;
    for (let index = 0; index < versionCount; index++) {
      const hyperparameters = {
        learning_rate: Number((0.01 + random() * 0.2).toFixed(3)),
        max_depth: 4 + Math.floor(random() * 8),
        seed: 42 + index,
      };
      const datasets = DEMO_DATASETS_BY_TEAM[spec.team]!.slice(0, 1 + Math.floor(random() * 2)).map((d) => ({
        ...d,
        checksum: checksum(`${d.uri}@${spec.name}@${index}`),
      }));
      const files = [];
      for (const file of demoFiles(spec, index, hyperparameters)) {
        files.push(await uploadDemoFile(client, urls.registry, registerModel.id, file));
      }
      const { createModelVersion: version } = await client.call<{ createModelVersion: { id: string } }>(
        'registry',
        'mutation($i: CreateModelVersionInput!) { createModelVersion(input: $i) { id } }',
        {
          i: {
            modelId: registerModel.id,
            hyperparameters,
            files,
            provenance: demoProvenance(spec, index, hyperparameters, datasets),
            card: demoCard(spec),
          },
        },
      );
      await client.call(
        'lineage',
        'mutation($i: RecordTrainingRunInput!) { recordTrainingRun(input: $i) { id } }',
        {
          i: {
            modelVersionId: version.id,
            codeRef: `git+https://git.demo.cairn/${spec.team}/${spec.name}@${checksum(`${spec.name}${index}`).slice(7, 47)}`,
            parameters: hyperparameters,
            inputDatasets: datasets,
          },
        },
      );
      quality = Math.min(0.99, quality + random() * 0.04);
      const primary =
        spec.metric === 'rmse' ? Number((1 - quality).toFixed(4)) * 10 : Number(quality.toFixed(4));
      await client.call(
        'metrics',
        'mutation($v: ID!, $m: [MetricInput!]!) { logMetrics(modelVersionId: $v, metrics: $m) { id } }',
        {
          v: version.id,
          m: [
            { name: spec.metric, value: primary, dataset: 'holdout' },
            { name: 'latency_p99_ms', value: Math.round(5 + random() * 60), dataset: 'load-test' },
            {
              name: spec.metric,
              value: Number((primary * (0.97 + random() * 0.02)).toFixed(4)),
              dataset: 'out-of-time',
            },
            // CRITICAL models must show accuracy of at least 0.9 to reach PRODUCTION (policies/).
            ...(RISK_TIERS[modelIndex % RISK_TIERS.length] === 'CRITICAL'
              ? [{ name: 'accuracy', value: Number((0.91 + index * 0.01).toFixed(2)), dataset: 'holdout' }]
              : []),
          ],
        },
      );
      if (index === 0) {
        // Every tier is represented; the tier decides how many approvals the history below takes.
        const { setModelRiskTier } = await client.call<{
          setModelRiskTier: { pendingChange: { id: string } | null };
        }>(
          'governance',
          'mutation($i: SetModelRiskTierInput!) { setModelRiskTier(input: $i) { pendingChange { id } } }',
          {
            i: {
              modelId: registerModel.id,
              tier: RISK_TIERS[modelIndex % RISK_TIERS.length],
              reason: 'Demo: assessed at registration',
            },
          },
          SYSTEM_PRINCIPAL,
        );
        // Below the default MEDIUM takes an approver of the team, as for anyone.
        if (setModelRiskTier.pendingChange) {
          await client.call(
            'governance',
            'mutation($id: ID!) { approveRiskTierChange(id: $id) { status } }',
            { id: setModelRiskTier.pendingChange.id },
            SEED_APPROVERS[0],
          );
        }
      }
      const stages = stagesFor(index, versionCount, random);
      for (const to of stages) {
        await moveDemoVersion(client, version.id, to, { model: modelIndex, version: index });
      }
      // A newest version in PRODUCTION replaced an earlier one: a canary can roll it out.
      if (index === versionCount - 1 && index > 0 && stages.at(-1) === 'PRODUCTION') {
        productionReplacements.push(version.id);
      }
      if (stages.at(-1) === 'PRODUCTION') {
        production.set(spec.name, {
          model: spec.name,
          team: spec.team,
          visibility: spec.visibility,
          versionId: version.id,
        });
      }
      // The newest version of every third model waits for a decision: the demo approver's inbox.
      if (index === versionCount - 1 && modelIndex % 3 === 0) {
        const target = stages.at(-1) === 'STAGING' ? 'PRODUCTION' : stages.length === 0 ? 'STAGING' : null;
        if (target)
          await requestDemoPromotion(client, version.id, target, `Demo: ready for ${target.toLowerCase()}`);
      }
    }
  }
  await seedDemoRollouts(
    (query, variables) => client.call('governance', query, variables),
    productionReplacements.slice(-2),
  );
  const drifting = await seedDemoDrift((s, q, v) => client.call(s, q, v), [...production.values()]);
  await seedDemoTeamRequests((query, variables, principal) =>
    client.call('governance', query, variables, principal),
  );
  const history = await seedDemoHistory((query, variables, principal) =>
    client.call('metrics', query, variables, principal),
  );
  logger.info(
    {
      teams: DEMO_TEAMS.length,
      models: DEMO_MODELS.length,
      driftAlarmOn: drifting?.model ?? null,
      importedHistoryVersions: history.versions,
    },
    'seeded the demo catalog',
  );
  return true;
}

/** Waits until the search index holds every model, so the catalog is searchable when we say so. */
export async function waitForSearchIndex(
  registryUrl: string,
  identitySigningKey: string,
  timeoutMs = 60_000,
): Promise<{ engine: string; total: number }> {
  const client = new SubgraphClient(
    { registry: registryUrl } as Record<SubgraphName, string>,
    identitySigningKey,
  );
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const data = await client.call<{
      models: { totalCount: number };
      searchModels: { total: number; engine: string };
    }>(
      'registry',
      '{ models(first: 1) { totalCount } searchModels(query: "", first: 1) { total engine } }',
      {},
      SYSTEM_PRINCIPAL,
    );
    if (data.searchModels.total >= data.models.totalCount || Date.now() > deadline) {
      return { engine: data.searchModels.engine, total: data.searchModels.total };
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

import { operations } from '@cairn/sdk';
import { clientFromConfig } from '../config';
import { type Output, table } from '../output';
import { parseModelRef } from '../refs';

export async function aliasSet(
  refText: string,
  alias: string,
  versionText: string,
  reason: string | undefined,
  out: Output,
) {
  const ref = parseModelRef(refText, { version: 'forbidden' });
  const client = await clientFromConfig();
  const model = await client.findModel(ref.team, ref.name);
  const target = await client.resolveVersion(
    model.id,
    /^\d+$/.test(versionText) ? { version: Number(versionText) } : { alias: versionText },
  );
  // Pointing an alias where it already points changes nothing, so a retry is harmless.
  const { setModelAlias } = await client.execute(
    operations.SetModelAliasDocument,
    { input: { modelId: model.id, alias, versionId: target.id, reason } },
    { idempotent: true },
  );
  out.result(
    { model: refText, ...setModelAlias },
    () => `${refText}:${setModelAlias.name} -> version ${setModelAlias.version.version}`,
  );
}

export async function aliasRollback(refText: string, alias: string, reason: string, out: Output) {
  const ref = parseModelRef(refText, { version: 'forbidden' });
  const client = await clientFromConfig();
  const model = await client.findModel(ref.team, ref.name);
  const { rollbackModelAlias } = await client.execute(operations.RollbackModelAliasDocument, {
    modelId: model.id,
    alias,
    reason,
  });
  out.result(
    { model: refText, ...rollbackModelAlias },
    () =>
      `${refText}:${rollbackModelAlias.name} rolled back to version ${rollbackModelAlias.version.version}`,
  );
}

export async function aliasHistory(refText: string, alias: string | undefined, limit: number, out: Output) {
  const ref = parseModelRef(refText, { version: 'forbidden' });
  const client = await clientFromConfig();
  const model = await client.findModel(ref.team, ref.name);
  const entries: operations.AliasHistoryQuery['aliasHistory']['edges'][number]['node'][] = [];
  let after: string | null = null;
  do {
    const page: operations.AliasHistoryQuery = await client.execute(operations.AliasHistoryDocument, {
      modelId: model.id,
      alias,
      first: Math.min(100, limit - entries.length),
      after,
    });
    entries.push(...page.aliasHistory.edges.map((edge) => edge.node));
    after = page.aliasHistory.pageInfo.hasNextPage ? page.aliasHistory.pageInfo.endCursor : null;
  } while (after && entries.length < limit);
  out.result({ model: refText, history: entries }, () =>
    table([
      ['AT', 'ALIAS', 'ACTION', 'FROM', 'TO', 'ACTOR', 'REASON'],
      ...entries.map((e) => [
        e.at,
        e.alias,
        e.action,
        String(e.fromVersion?.version ?? '-'),
        String(e.toVersion?.version ?? '-'),
        e.actor,
        e.reason ?? '',
      ]),
    ]),
  );
}

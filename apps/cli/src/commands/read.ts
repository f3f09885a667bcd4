import { operations, type VersionDetail } from '@cairn/sdk';
import { clientFromConfig } from '../config';
import { type Output, table } from '../output';
import { parseModelRef } from '../refs';

/** `cairn versions team/model`: every version, newest first. */
export async function versions(refText: string, out: Output) {
  const ref = parseModelRef(refText, { version: 'forbidden' });
  const client = await clientFromConfig();
  const model = await client.findModel(ref.team, ref.name);
  const all: operations.VersionSummaryFragment[] = [];
  let after: string | null = null;
  do {
    const page: operations.ModelVersionsQuery = await client.execute(operations.ModelVersionsDocument, {
      modelId: model.id,
      first: 100,
      after,
    });
    all.push(...page.model.versions.edges.map((edge) => edge.node));
    after = page.model.versions.pageInfo.hasNextPage ? page.model.versions.pageInfo.endCursor : null;
  } while (after);
  out.result({ model: refText, modelId: model.id, versions: all }, () =>
    table([
      ['VERSION', 'STAGE', 'ALIASES', 'CREATED', 'BY'],
      ...all.map((v) => [
        String(v.version),
        v.stage,
        v.aliases.map((a) => a.name).join(','),
        v.createdAt,
        v.createdBy,
      ]),
    ]),
  );
}

/** `cairn show team/model[@version|:alias]`: the model, or one version with its files. */
export async function show(refText: string, out: Output) {
  const ref = parseModelRef(refText, { version: 'optional' });
  const client = await clientFromConfig();
  const summary = await client.findModel(ref.team, ref.name);
  if (!ref.version) {
    const { model } = await client.execute(operations.ModelDetailDocument, { id: summary.id });
    out.result(model, () =>
      [
        `${model.team.slug}/${model.name} (${model.visibility}, ${model.versionCount} version(s))`,
        model.description,
        ...model.aliases.map(
          (a) => `  ${a.name} -> ${a.version.version}${a.protected ? ' (protected)' : ''}`,
        ),
      ]
        .filter(Boolean)
        .join('\n'),
    );
    return;
  }
  const version = await client.resolveVersion(summary.id, ref.version);
  const files = await client.versionFiles(version.id);
  out.result({ ...version, files }, () => describeVersion(refText, version, files));
}

function describeVersion(
  refText: string,
  version: VersionDetail,
  files: { path: string; digest: string; size: number }[],
) {
  return [
    `${refText}: version ${version.version} (${version.stage}) by ${version.createdBy} at ${version.createdAt}`,
    `manifest: ${version.manifestDigest ?? 'none'}`,
    `aliases: ${version.aliases.map((a) => a.name).join(', ') || 'none'}`,
    `provenance complete: ${version.provenanceCompleteness.complete ? 'yes' : `no (missing ${version.provenanceCompleteness.missing.join(', ')})`}`,
    `card complete: ${version.cardCompleteness.complete ? 'yes' : `no (missing ${version.cardCompleteness.missing.join(', ')})`}`,
    'files:',
    ...files.map((f) => `  ${f.path}  ${f.size} bytes  ${f.digest}`),
  ].join('\n');
}

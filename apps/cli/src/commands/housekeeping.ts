import { operations } from '@cairn/sdk';
import { clientFromConfig } from '../config';
import type { Output } from '../output';
import { parseModelRef, parseVersionRef } from '../refs';

type VersionState = operations.VersionHousekeepingFragment;
type ModelState = operations.ModelHousekeepingFragment;

async function versionTarget(refText: string) {
  const ref = parseModelRef(refText, { version: 'required' });
  const client = await clientFromConfig();
  const model = await client.findModel(ref.team, ref.name);
  const version = await client.resolveVersion(model.id, ref.version!);
  return { client, model, version };
}

async function modelTarget(refText: string) {
  const ref = parseModelRef(refText, { version: 'forbidden' });
  const client = await clientFromConfig();
  return { client, model: await client.findModel(ref.team, ref.name) };
}

const describeVersion = (refText: string, v: VersionState) =>
  [
    `${refText}: version ${v.version}`,
    v.deprecation
      ? `  deprecated by ${v.deprecation.by} at ${v.deprecation.at}: ${v.deprecation.reason}` +
        (v.deprecation.successor ? ` (use version ${v.deprecation.successor.version})` : '')
      : '  not deprecated',
    v.legalHold
      ? `  under legal hold since ${v.legalHold.placedAt} (${v.legalHold.placedBy}): ${v.legalHold.reason}`
      : '  no legal hold',
  ].join('\n');

const describeModel = (refText: string, m: ModelState) =>
  m.archive
    ? `${refText}: archived by ${m.archive.by} at ${m.archive.at}: ${m.archive.reason}`
    : `${refText}: not archived`;

/** `cairn deprecate team/model@3 --reason … [--successor 4]`. */
export async function deprecate(
  refText: string,
  options: { reason: string; successor?: string },
  out: Output,
) {
  const { client, model, version } = await versionTarget(refText);
  const successor = options.successor
    ? await client.resolveVersion(model.id, parseVersionRef(options.successor))
    : undefined;
  // Deprecating again with the same reason and successor changes nothing, so a retry is harmless.
  const { deprecateModelVersion: state } = await client.execute(
    operations.DeprecateModelVersionDocument,
    { versionId: version.id, reason: options.reason, successorVersionId: successor?.id },
    { idempotent: true },
  );
  out.result({ model: refText, ...state }, () => describeVersion(refText, state));
}

/** `cairn undeprecate team/model@3 [--reason …]`. */
export async function undeprecate(refText: string, reason: string | undefined, out: Output) {
  const { client, version } = await versionTarget(refText);
  const { undeprecateModelVersion: state } = await client.execute(
    operations.UndeprecateModelVersionDocument,
    { versionId: version.id, reason },
    { idempotent: true },
  );
  out.result({ model: refText, ...state }, () => describeVersion(refText, state));
}

/** `cairn archive team/model --reason …` and `cairn unarchive team/model [--reason …]`. */
export async function archive(refText: string, undo: boolean, reason: string | undefined, out: Output) {
  const { client, model } = await modelTarget(refText);
  const state = undo
    ? (await client.execute(operations.UnarchiveModelDocument, { modelId: model.id, reason })).unarchiveModel
    : (await client.execute(operations.ArchiveModelDocument, { modelId: model.id, reason: reason! }))
        .archiveModel;
  out.result({ model: refText, ...state }, () => describeModel(refText, state));
}

/** `cairn hold place|release team/model@3 --reason …` (platform admins; auditors may place). */
export async function hold(action: 'place' | 'release', refText: string, reason: string, out: Output) {
  const { client, version } = await versionTarget(refText);
  // Placing twice or releasing an absent hold is FAILED_PRECONDITION, so these are never retried.
  const state =
    action === 'place'
      ? (await client.execute(operations.PlaceLegalHoldDocument, { versionId: version.id, reason }))
          .placeLegalHold
      : (await client.execute(operations.ReleaseLegalHoldDocument, { versionId: version.id, reason }))
          .releaseLegalHold;
  out.result({ model: refText, ...state }, () => describeVersion(refText, state));
}

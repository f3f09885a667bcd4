import path from 'node:path';
import { exportBundle, importBundle } from '@cairn/sdk';
import { clientFromConfig } from '../config';
import type { Output } from '../output';
import { parseModelRef } from '../refs';
import { fileUploadStore } from '../upload-state';
import { findOrCreateModel } from './register';

/** `cairn export team/model@3 out.tar`: the version's bundle, checked complete before it lands. */
export async function exportVersion(refText: string, file: string, out: Output) {
  const ref = parseModelRef(refText, { version: 'required' });
  const client = await clientFromConfig();
  const model = await client.findModel(ref.team, ref.name);
  const version = await client.resolveVersion(model.id, ref.version!);
  const result = await exportBundle(client, version.id, path.resolve(file));
  const { source, files } = result.document;
  out.result(
    {
      model: refText,
      path: result.path,
      size: result.size,
      source,
      files: files.map(({ path, sha256, size }) => ({ path, sha256, size })),
    },
    () =>
      `exported ${source.team}/${source.model} version ${source.version} (${files.length} file(s), ${result.size} bytes) to ${result.path}`,
  );
}

/** `cairn import team/model bundle.tar --from <instance>`: a bundle from another instance. */
export async function importVersion(
  refText: string,
  file: string,
  options: { from: string; createModel?: boolean },
  out: Output,
) {
  const ref = parseModelRef(refText, { version: 'forbidden' });
  const client = await clientFromConfig();
  const modelId = await findOrCreateModel(client, ref.team, ref.name, options.createModel ?? false, out);
  const result = await importBundle(client, modelId, path.resolve(file), {
    instance: options.from,
    store: fileUploadStore(),
    onFile: (bundled, upload) =>
      out.info(`${bundled.path}: ${upload.alreadyStored ? 'already stored' : `sent ${upload.size} bytes`}`),
  });
  const { version } = result;
  out.result(
    {
      model: refText,
      version,
      uploads: result.uploads.map(({ path, sha256, size, alreadyStored }) => ({
        path,
        sha256,
        size,
        alreadyStored,
      })),
    },
    () =>
      `imported ${version.importedFrom?.team}/${version.importedFrom?.model} version ${version.importedFrom?.version} from ${version.importedFrom?.instance} as ${refText}@${version.version}`,
  );
}

import path from 'node:path';
import { parseManifest, verifyFilesAgainstManifest } from '@cairn/model-metadata';
import { downloadFile } from '@cairn/sdk';
import { clientFromConfig } from '../config';
import { cliError } from '../exit-codes';
import type { Output } from '../output';
import { parseModelRef } from '../refs';

/**
 * `cairn download team/model@version dir`: every file, each verified against its digest as it
 * lands, then the set checked against the version's manifest (and the manifest against its digest).
 */
export async function download(refText: string, dir: string, out: Output) {
  const ref = parseModelRef(refText, { version: 'required' });
  const client = await clientFromConfig();
  const model = await client.findModel(ref.team, ref.name);
  const version = await client.resolveVersion(model.id, ref.version!);
  const files = await client.versionFiles(version.id);
  const root = path.resolve(dir);
  const total = files.reduce((n, f) => n + f.size, 0);
  const bar = out.progress(`downloading ${files.length} file(s)`, total);
  const local = new Map<string, string>();
  let done = 0;
  try {
    for (const file of files) {
      const dest = path.resolve(root, ...file.path.split('/'));
      // The server validates paths; this refuses one that would still land outside the folder.
      if (!dest.startsWith(root + path.sep))
        throw cliError('BAD_USER_INPUT', `refusing file path ${file.path}`);
      const result = await downloadFile(client, version.id, file.path, dest, {
        digest: file.digest,
        onProgress: (p) => bar.update(done + p.bytes),
      });
      done += result.size;
      local.set(file.path, result.sha256.replace(/^sha256:/, ''));
    }
  } finally {
    bar.stop();
  }
  let manifestVerified = false;
  if (version.manifest) {
    const built = parseManifest(version.manifest);
    if (built.digest !== version.manifestDigest) {
      throw cliError(
        'MANIFEST_MISMATCH',
        `the manifest hashes to ${built.digest}, not ${version.manifestDigest}`,
      );
    }
    const check = verifyFilesAgainstManifest(built.manifest, local);
    if (!check.ok) {
      throw cliError(
        'MANIFEST_MISMATCH',
        `files differ from the manifest: ${JSON.stringify({ mismatched: check.mismatched, missing: check.missing, unexpected: check.unexpected })}`,
      );
    }
    manifestVerified = true;
  }
  out.result(
    {
      model: `${ref.team}/${ref.name}`,
      versionId: version.id,
      version: version.version,
      directory: root,
      manifestDigest: version.manifestDigest,
      manifestVerified,
      files: files.map((f) => ({ path: f.path, sha256: f.digest, size: f.size })),
    },
    () =>
      `Downloaded ${files.length} file(s) of ${ref.team}/${ref.name} version ${version.version} into ${root}; every digest verified${manifestVerified ? ', manifest verified' : ''}`,
  );
}

import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { CairnError, operations, type UploadResult, uploadFile } from '@cairn/sdk';
import { clientFromConfig } from '../config';
import { cliError } from '../exit-codes';
import type { Output } from '../output';
import { parseModelRef } from '../refs';
import { fileUploadStore } from '../upload-state';

export interface RegisterOptions {
  provenance?: string;
  card?: string;
  hyperparameters?: string;
  createModel?: boolean;
  partSize?: number;
}

/** Uploads a file or every file of a folder (resuming an earlier run) and registers a version. */
export async function register(refText: string, source: string, options: RegisterOptions, out: Output) {
  const ref = parseModelRef(refText, { version: 'forbidden' });
  const files = await collectFiles(source);
  const [provenance, card, hyperparameters] = await Promise.all([
    readJson(options.provenance, '--provenance'),
    readJson(options.card, '--card'),
    readJson(options.hyperparameters, '--hyperparameters'),
  ]);
  const client = await clientFromConfig();
  const modelId = await findOrCreateModel(client, ref.team, ref.name, options.createModel ?? false, out);

  const total = (await Promise.all(files.map((f) => stat(f.absolute)))).reduce((n, s) => n + s.size, 0);
  const bar = out.progress(`uploading ${files.length} file(s)`, total);
  const uploaded: (UploadResult & { path: string })[] = [];
  let done = 0;
  try {
    for (const file of files) {
      const result = await uploadFile(client, modelId, file.absolute, {
        store: fileUploadStore(),
        partSize: options.partSize,
        onProgress: (p) => {
          if (p.phase !== 'hashing') bar.update(done + p.bytes);
        },
      });
      done += result.size;
      bar.update(done);
      uploaded.push({ ...result, path: file.relative });
    }
  } finally {
    bar.stop();
  }
  const { createModelVersion: version } = await client.execute(operations.CreateModelVersionDocument, {
    input: {
      modelId,
      files: uploaded.map((f) => ({ path: f.path, sha256: f.sha256 })),
      provenance,
      card,
      hyperparameters,
    },
  });
  out.result(
    {
      model: `${ref.team}/${ref.name}`,
      modelId,
      versionId: version.id,
      version: version.version,
      manifestDigest: version.manifestDigest,
      files: uploaded.map((f) => ({
        path: f.path,
        sha256: f.sha256,
        size: f.size,
        alreadyStored: f.alreadyStored,
        partsSent: f.partsSent,
        partsResumed: f.partsResumed,
      })),
    },
    () =>
      `Registered ${ref.team}/${ref.name} version ${version.version} (${uploaded.length} file(s), manifest ${version.manifestDigest})`,
  );
}

export async function findOrCreateModel(
  client: Awaited<ReturnType<typeof clientFromConfig>>,
  team: string,
  name: string,
  create: boolean,
  out: Output,
): Promise<string> {
  try {
    return (await client.findModel(team, name)).id;
  } catch (error) {
    if (!(create && error instanceof CairnError && error.code === 'NOT_FOUND')) throw error;
  }
  const { registerModel } = await client.execute(operations.RegisterModelDocument, { input: { team, name } });
  out.info(`created model ${team}/${name}`);
  return registerModel.id;
}

/** A file, or every regular file under a folder as a relative POSIX path, in a stable order. */
async function collectFiles(source: string): Promise<{ absolute: string; relative: string }[]> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(source);
  } catch {
    throw cliError('USAGE', `${source} does not exist`);
  }
  if (info.isFile()) return [{ absolute: path.resolve(source), relative: path.basename(source) }];
  const entries = await readdir(source, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const absolute = path.join(entry.parentPath, entry.name);
      return {
        absolute: path.resolve(absolute),
        relative: path.relative(source, absolute).split(path.sep).join('/'),
      };
    })
    .sort((a, b) => (a.relative < b.relative ? -1 : a.relative > b.relative ? 1 : 0));
  if (files.length === 0) throw cliError('USAGE', `${source} holds no files`);
  return files;
}

async function readJson(
  file: string | undefined,
  option: string,
): Promise<Record<string, unknown> | undefined> {
  if (!file) return undefined;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw cliError('USAGE', `${option}: cannot read ${file}`);
  }
  try {
    const value = JSON.parse(text);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('not an object');
    return value as Record<string, unknown>;
  } catch {
    throw cliError('BAD_USER_INPUT', `${option}: ${file} is not a JSON object`);
  }
}

import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { DEV_IDENTITY_PRIVATE_KEY } from '@cairn/config';
import { INTERNAL_IDENTITY_HEADER, InternalTokenSigner, type Principal } from '@cairn/identity';
import type { GraphQLResponse, TestSubgraph } from '@cairn/testing';
import { extract } from 'tar-stream';

/**
 * What a client (SDK, CLI) does with bundles, written small for the tests: fetch a version's
 * export from one registry, read the tar, and push it into another registry through the public
 * upload flow and `importModelVersion`. Entries are held in memory here, which only test-sized
 * files allow; a real client streams each entry into its upload parts.
 */
const signer = new InternalTokenSigner(DEV_IDENTITY_PRIVATE_KEY, 60);
const PART = 5 * 1024 * 1024;

export const sha256 = (bytes: Buffer) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

export async function routeFetch(
  registry: TestSubgraph,
  principal: Principal,
  method: string,
  url: string,
  body?: Buffer,
): Promise<Response> {
  return fetch(`${new URL(registry.url).origin}${url}`, {
    method,
    body,
    headers: { [INTERNAL_IDENTITY_HEADER]: await signer.sign(principal, 'registry') },
  });
}

/** Every entry of a tar, by name. */
export async function readTar(bytes: Buffer): Promise<Map<string, Buffer>> {
  const entries = new Map<string, Buffer>();
  const reader = extract();
  const done = (async () => {
    for await (const entry of reader) {
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      entries.set(entry.header.name, Buffer.concat(chunks));
    }
  })();
  Readable.from([bytes]).pipe(reader);
  await done;
  return entries;
}

export interface ReadBundle {
  // biome-ignore lint/suspicious/noExplicitAny: tests read fields out of the document
  document: Record<string, any>;
  files: Map<string, Buffer>;
}

export async function readBundle(bytes: Buffer): Promise<ReadBundle> {
  const entries = await readTar(bytes);
  const first = entries.keys().next().value;
  if (first !== 'cairn-bundle.json') throw new Error(`the bundle starts with ${first}`);
  const document = JSON.parse(entries.get('cairn-bundle.json')!.toString('utf8'));
  const files = new Map<string, Buffer>();
  for (const [name, content] of entries) {
    if (name.startsWith('files/')) files.set(name.slice('files/'.length), content);
  }
  return { document, files };
}

async function gql<T = Record<string, unknown>>(
  registry: TestSubgraph,
  principal: Principal,
  query: string,
  variables: Record<string, unknown>,
) {
  return registry.execute<T>(query, variables, principal);
}

const BEGIN = `mutation($i: BeginArtifactUploadInput!) {
  beginArtifactUpload(input: $i) { alreadyStored upload { id parts { partNumber url size } } } }`;
const COMPLETE = 'mutation($id: ID!) { completeArtifactUpload(id: $id) { sha256 size } }';

/**
 * Uploads bytes for a model under `claimed` (what the bundle says they hash to). Answers the
 * GraphQL error of the step that refused, if one did.
 */
export async function uploadAs(
  registry: TestSubgraph,
  principal: Principal,
  modelId: string,
  bytes: Buffer,
  claimed = sha256(bytes),
): Promise<GraphQLResponse | null> {
  // biome-ignore lint/suspicious/noExplicitAny: tests read fields out of the answers
  const begun = await gql<any>(registry, principal, BEGIN, {
    i: { modelId, sha256: claimed, size: bytes.length, partSize: PART },
  });
  if (begun.errors) return begun;
  if (begun.data.beginArtifactUpload.alreadyStored) return null;
  const { id, parts } = begun.data.beginArtifactUpload.upload;
  for (const part of parts) {
    const offset = (part.partNumber - 1) * PART;
    const sent = await routeFetch(
      registry,
      principal,
      'PUT',
      part.url,
      bytes.subarray(offset, offset + part.size),
    );
    if (sent.status !== 200) throw new Error(`part ${part.partNumber}: HTTP ${sent.status}`);
  }
  const completed = await gql(registry, principal, COMPLETE, { id });
  return completed.errors ? completed : null;
}

export const IMPORT = `mutation($i: ImportModelVersionInput!) {
  importModelVersion(input: $i) {
    id version manifest manifestDigest provenance hyperparameters card { intendedUse }
    files { totalCount edges { node { path digest size } } }
    importedFrom { instance versionId version team model manifestDigest exportedAt } } }`;

/** The import mutation's input for a bundle, as a client builds it from `cairn-bundle.json`. */
export function importInput(bundle: ReadBundle, modelId: string, instance: string) {
  const { document } = bundle;
  return {
    modelId,
    bundleManifest: document.version.manifest,
    hyperparameters: document.version.hyperparameters,
    importedFrom: {
      instance: document.source.instance ?? instance,
      versionId: document.source.versionId,
      manifestDigest: document.source.manifestDigest,
      exportedAt: document.exportedAt,
    },
  };
}

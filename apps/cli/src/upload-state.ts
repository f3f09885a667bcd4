import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { UploadStateStore } from '@cairn/sdk';
import { configDir, writePrivateFile } from './config';

/**
 * Open upload sessions, kept in `<config dir>/uploads.json`, so re-running an interrupted
 * `cairn register` sends only the parts the server lacks. Uploads of one run go one file at a
 * time, so a read-modify-write per change is enough.
 */
export function fileUploadStore(): UploadStateStore {
  const file = () => path.join(configDir(), 'uploads.json');
  const load = async (): Promise<Record<string, string>> => {
    try {
      return JSON.parse(await readFile(file(), 'utf8')) as Record<string, string>;
    } catch {
      return {};
    }
  };
  const save = async (entries: Record<string, string>) => {
    await writePrivateFile('uploads.json', `${JSON.stringify(entries, null, 2)}\n`);
  };
  return {
    get: async (key) => (await load())[key],
    set: async (key, uploadId) => save({ ...(await load()), [key]: uploadId }),
    delete: async (key) => {
      const entries = await load();
      delete entries[key];
      await save(entries);
    },
  };
}

import type { Readable } from 'node:stream';
import type { Pack } from 'tar-stream';

type Entry = ReturnType<Pack['entry']>;

/**
 * Waits until the entry takes more bytes. A pack destroyed meanwhile (the client hung up, or a
 * store read failed) destroys the entry, which then never drains: that ends the wait too, so
 * the store's read stream is closed instead of left open forever.
 */
function drained(entry: Entry): Promise<void> {
  if (entry.destroyed) return Promise.reject(new Error('the tar stream was closed'));
  return new Promise((resolve, reject) => {
    const onDrain = () => {
      entry.off('close', onClose);
      resolve();
    };
    const onClose = () => {
      entry.off('drain', onDrain);
      reject(new Error('the tar stream was closed'));
    };
    entry.once('drain', onDrain);
    entry.once('close', onClose);
  });
}

/** Regular files only, owned by nobody in particular, readable by all: a bundle is data. */
const FILE_MODE = 0o644;

/** Adds a small entry held in memory (the bundle document, OCI index and manifest). */
export function addBytes(pack: Pack, name: string, bytes: Buffer, mtime: Date): Promise<void> {
  return new Promise((resolve, reject) => {
    pack.entry({ name, size: bytes.length, mtime, mode: FILE_MODE }, bytes, (error) =>
      error ? reject(error) : resolve(),
    );
  });
}

/**
 * Streams `size` bytes from `source` into an entry, honouring back-pressure, so a file of any
 * size passes through in chunks. A source that ends short or long fails the entry: tar headers
 * carry the size up front, and a wrong length would corrupt every entry after it.
 */
export async function addStream(
  pack: Pack,
  name: string,
  size: number,
  source: Readable,
  mtime: Date,
): Promise<void> {
  let settle!: (error?: Error | null) => void;
  const stored = new Promise<void>((resolve, reject) => {
    settle = (error) => (error ? reject(error) : resolve());
  });
  // Observed below; this keeps a failure before then from counting as unhandled.
  stored.catch(() => undefined);
  const entry = pack.entry({ name, size, mtime, mode: FILE_MODE }, (error) => settle(error));
  // Destroying an entry destroys the pack with the same error, and the pack's reader reports it;
  // the entry's own 'error' event has no one else to hear it and would crash the process.
  entry.on('error', () => undefined);
  let written = 0;
  try {
    for await (const chunk of source) {
      written += (chunk as Buffer).length;
      if (written > size) throw new Error(`${name}: the store returned more than ${size} bytes`);
      if (!entry.write(chunk)) await drained(entry);
    }
    if (written !== size) throw new Error(`${name}: the store returned ${written} of ${size} bytes`);
    // streamx types demand an argument; undefined writes nothing and ends the entry.
    entry.end(undefined);
    await stored;
  } catch (error) {
    source.destroy();
    entry.destroy(error as Error);
    throw error;
  }
}

// A bare Node HTTP server that writes each PUT body to a file and syncs it: the least work any
// Node service can do to receive an upload over one hop, run as its own process. The artifact
// benchmark sends the same bytes here as a reference. Usage: node http-sink.mjs <dir> (prints
// its port on the IPC channel).
import { createWriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createServer } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

const dir = process.argv[2];
let uploads = 0;
const server = createServer(async (req, res) => {
  const file = path.join(dir, `upload-${++uploads}`);
  try {
    await pipeline(req, createWriteStream(file, { highWaterMark: 1 << 20 }));
    const handle = await open(file, 'r');
    await handle.sync();
    await handle.close();
    res.end('stored');
  } catch (error) {
    res.statusCode = 500;
    res.end(String(error));
  }
});
server.listen(0, '127.0.0.1', () => process.send?.(server.address().port));

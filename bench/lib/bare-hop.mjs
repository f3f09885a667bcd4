// The floor under any gateway: a Node process that forwards each request to the registry over
// a keep-alive pool and hands back the answer, with no GraphQL work at all. Measured next to the
// gateway, it shows how much of the gateway's cost is the extra HTTP hop itself.
import http from 'node:http';
import { Agent, request } from 'undici';

const [upstream, identity, port] = process.argv.slice(2);
const pool = new Agent({ keepAliveTimeout: 60_000 });

http
  .createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', async () => {
      try {
        const answer = await request(upstream, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-cairn-identity': identity },
          body: Buffer.concat(chunks),
          dispatcher: pool,
        });
        const body = await answer.body.text();
        res.writeHead(answer.statusCode, {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        });
        res.end(body);
      } catch {
        res.writeHead(502).end();
      }
    });
  })
  .listen(Number(port), '127.0.0.1', () => process.send?.('ready'));

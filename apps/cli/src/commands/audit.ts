import { createReadStream, createWriteStream } from 'node:fs';
import { readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { verifyExport } from '@cairn/audit-chain';
import { errorFromBody, networkError } from '@cairn/sdk';
import { clientFromConfig } from '../config';
import { CommandExit, cliError, EXIT } from '../exit-codes';
import type { Output } from '../output';

async function readText(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw cliError('BAD_USER_INPUT', `cannot read ${what} ${file}: ${(error as Error).message}`);
  }
}

/**
 * `cairn audit verify <file> [--public-key pem]`: checks an export offline, with nothing but the
 * file (and the key the operator trusts). Exits 0 when the chain holds, EXIT.auditChainBroken
 * when it does not, after printing what broke.
 */
export async function auditVerify(file: string, options: { publicKey?: string }, out: Output) {
  const publicKeyPem = options.publicKey ? await readText(options.publicKey, 'public key') : undefined;
  const input = createReadStream(path.resolve(file), 'utf8');
  const opened = new Promise<void>((resolve, reject) => {
    input.once('open', () => resolve());
    input.once('error', (error) =>
      reject(cliError('BAD_USER_INPUT', `cannot read export ${file}: ${error.message}`)),
    );
  });
  await opened;
  const report = await verifyExport(createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY }), {
    publicKeyPem,
  });
  out.result({ file, ...report }, () => {
    const signed = report.checkpoints.filter((c) => c.signatureValid).length;
    const lines = [
      report.valid
        ? `chain verified: ${report.checkedEntries} entries, ${signed} of ${report.checkpoints.length} checkpoint(s) signed validly`
        : `chain BROKEN${report.firstBrokenSeq ? ` at seq ${report.firstBrokenSeq}` : ''}: ${report.reason}`,
    ];
    if (publicKeyPem) lines.push('checkpoint signatures were checked against the given public key');
    return lines.join('\n');
  });
  if (!report.valid) throw new CommandExit(EXIT.auditChainBroken);
}

/** `cairn audit export [--from N] [--to N] <file>`: the chain as JSON Lines, through the gateway. */
export async function auditExport(file: string, options: { from?: number; to?: number }, out: Output) {
  const client = await clientFromConfig();
  const query = new URLSearchParams();
  if (options.from !== undefined) query.set('from', String(options.from));
  if (options.to !== undefined) query.set('to', String(options.to));
  const url = client.url(`audit/export${query.size ? `?${query}` : ''}`);
  let response: Response;
  try {
    response = await fetch(url, { headers: await client.authHeaders(url) });
  } catch (error) {
    throw networkError(error);
  }
  if (!response.ok || !response.body) {
    const text = await response.text().catch(() => '');
    let body: unknown = null;
    try {
      body = JSON.parse(text);
    } catch {}
    throw errorFromBody(body, response.status);
  }
  const target = path.resolve(file);
  // Written beside the target and renamed at the end: a cut-short export never looks complete.
  const partial = `${target}.partial`;
  try {
    await pipeline(Readable.fromWeb(response.body as never), createWriteStream(partial));
    await rename(partial, target);
  } catch (error) {
    await rm(partial, { force: true });
    throw networkError(error);
  }
  const report = await verifyExport(
    createInterface({ input: createReadStream(target, 'utf8'), crlfDelay: Number.POSITIVE_INFINITY }),
  );
  out.result(
    {
      path: target,
      entries: report.checkedEntries,
      checkpoints: report.checkpoints.length,
      valid: report.valid,
    },
    () =>
      `exported ${report.checkedEntries} entries and ${report.checkpoints.length} checkpoint(s) to ${target}` +
      (report.valid ? ' (chain verified)' : ` (chain does NOT verify: ${report.reason})`),
  );
  if (!report.valid) throw new CommandExit(EXIT.auditChainBroken);
}

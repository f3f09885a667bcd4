import { CairnError, CLIENT_ERROR_CODES, operations } from '@cairn/sdk';
import { clientFromConfig } from '../config';
import { CommandExit, cliError, exitCodeFor } from '../exit-codes';
import { type Batch, batchSpan, errorInFile, MAX_MODELS_PER_CALL, planBatches } from '../history-batches';
import { readHistoryFile } from '../history-file';
import { type Output, table } from '../output';

type HistoryImport = operations.InsightsHistoryImportSummaryFragment;

const count = (n: number) => n.toLocaleString('en-US');
const figures = (b: { models: number; versions: number; promotions: number }) =>
  `${count(b.models)} model(s), ${count(b.versions)} version(s), ${count(b.promotions)} promotion(s)`;
const planned = (batch: Batch) => ({
  batch: batch.number,
  span: batchSpan(batch),
  models: batch.models,
  versions: batch.versions,
  promotions: batch.promotions,
});

export interface HistoryImportOptions {
  source: string;
  batchSize?: number;
  dryRun?: boolean;
  /** With `dryRun`: check the file here only, without asking the server. */
  offline?: boolean;
}

/**
 * `cairn history import <file> --source <name>`: sends the file in calls within the API's limits,
 * in order, and stops at the first refusal. Each call is all or nothing, so what it reports is
 * exactly what landed: the imported batches (their ids and places in the file) and the first
 * batch that did not, with every later one.
 */
export async function historyImport(file: string, options: HistoryImportOptions, out: Output) {
  const source = options.source.trim();
  if (source === '' || source.length > 100) throw cliError('USAGE', '--source is 1 to 100 characters');
  const batchSize = options.batchSize ?? MAX_MODELS_PER_CALL;
  if (batchSize > MAX_MODELS_PER_CALL)
    throw cliError('USAGE', `--batch-size is at most ${MAX_MODELS_PER_CALL} (the API's limit per call)`);
  if (options.offline && !options.dryRun) throw cliError('USAGE', '--offline goes with --dry-run');
  const models = await readHistoryFile(file);
  const batches = planBatches(models, batchSize);
  const totals = {
    models: models.length,
    versions: batches.reduce((sum, b) => sum + b.versions, 0),
    promotions: batches.reduce((sum, b) => sum + b.promotions, 0),
  };
  if (options.dryRun) {
    if (!options.offline) await checkWithServer(batches, source, out);
    out.result(
      { source, dryRun: true, checkedByServer: !options.offline, ...totals, batches: batches.map(planned) },
      () =>
        [
          options.offline
            ? `${file} is well formed: ${figures(totals)} in ${batches.length} batch(es); nothing was sent`
            : `${file} would import: ${figures(totals)} in ${batches.length} batch(es); the server checked every batch and nothing was imported`,
          ...batches.map((b) => `  batch ${b.number}: ${batchSpan(b)}, ${figures(b)}`),
          ...(options.offline
            ? [
                'The server checks the times against each other, the teams and earlier imports when they are imported.',
              ]
            : []),
        ].join('\n'),
    );
    return;
  }

  const client = await clientFromConfig();
  const imported: (ReturnType<typeof planned> & { id: string })[] = [];
  for (const batch of batches) {
    let record: HistoryImport;
    try {
      ({ importInsightsHistory: record } = await client.execute(operations.ImportInsightsHistoryDocument, {
        source,
        models: batch.pieces.map((p) => p.model),
      }));
    } catch (error) {
      if (!(error instanceof CairnError)) throw error;
      stopAt(batch, batches.length, errorInFile(batch, error), { source, imported }, out);
    }
    imported.push({ ...planned(batch), id: record.id });
    out.info(
      `batch ${batch.number}/${batches.length}: ${batchSpan(batch)}, ${figures(batch)}: import ${record.id}`,
    );
  }
  out.result({ source, ...totals, imports: imported }, () =>
    [
      `imported ${figures(totals)} from "${source}" in ${batches.length} batch(es)`,
      ...imported.map((b) => `  batch ${b.batch}: import ${b.id} (${b.span})`),
    ].join('\n'),
  );
}

/**
 * Has the server check every batch as it would import it (`checkInsightsHistory`: rules, teams,
 * versions imported before), writing nothing; the first refusal is reported at its place in the
 * file and ends the command with the refusal's code.
 */
async function checkWithServer(batches: Batch[], source: string, out: Output) {
  const client = await clientFromConfig();
  for (const batch of batches) {
    try {
      await client.execute(operations.CheckInsightsHistoryDocument, {
        source,
        models: batch.pieces.map((p) => p.model),
      });
    } catch (error) {
      if (!(error instanceof CairnError)) throw error;
      const inFile = errorInFile(batch, error);
      const exitCode = exitCodeFor(inFile);
      out.info(`cairn: batch ${batch.number}/${batches.length} would be refused: ${inFile.message}`);
      for (const problem of inFile.problems ?? []) out.info(`  ${problem.path}: ${problem.message}`);
      out.result(
        {
          source,
          dryRun: true,
          failedBatch: planned(batch),
          error: { code: inFile.code, message: inFile.message, problems: inFile.problems, exitCode },
        },
        () => `batch ${batch.number} (${batchSpan(batch)}) would be refused; nothing was imported`,
      );
      throw new CommandExit(exitCode);
    }
    out.info(`batch ${batch.number}/${batches.length}: ${batchSpan(batch)} checked`);
  }
}

/** Reports a refused batch with what landed before it, then exits with the refusal's code. */
function stopAt(
  batch: Batch,
  total: number,
  error: CairnError,
  done: { source: string; imported: { batch: number; id: string; span: string }[] },
  out: Output,
): never {
  const exitCode = exitCodeFor(error);
  // Without an answer the call may have committed: only the server's list can tell.
  const unknown = error.code === CLIENT_ERROR_CODES.network;
  const next = batch.number + 1;
  const later = next > total ? undefined : next === total ? `batch ${total}` : `batches ${next}–${total}`;
  const fate = unknown
    ? `batch ${batch.number} (${batchSpan(batch)}) got no answer and may have been imported: check \`cairn history list\`${later ? `; ${later} were not imported` : ''}`
    : `batch ${batch.number} (${batchSpan(batch)})${later ? ` and ${later} were` : ' was'} not imported`;
  const hint =
    error.code === 'PAYLOAD_TOO_LARGE'
      ? ['The server refused the request size: try a smaller --batch-size.']
      : [];
  out.info(`cairn: batch ${batch.number}/${total} refused: ${error.message}`);
  for (const problem of error.problems ?? []) out.info(`  ${problem.path}: ${problem.message}`);
  out.result(
    {
      source: done.source,
      imports: done.imported,
      failedBatch: { ...planned(batch), unknownOutcome: unknown },
      notImported: Array.from({ length: total - batch.number }, (_, i) => batch.number + 1 + i),
      error: { code: error.code, message: error.message, problems: error.problems, exitCode },
    },
    () =>
      [
        done.imported.length === 0
          ? 'no batch was imported'
          : `imported ${done.imported.length} of ${total} batch(es) before the refusal:`,
        ...done.imported.map((b) => `  batch ${b.batch}: import ${b.id} (${b.span})`),
        fate,
        ...hint,
        ...(done.imported.length > 0
          ? ['Remove the imported models from the file (or keep only the rest) before you run it again.']
          : []),
      ].join('\n'),
  );
  throw new CommandExit(exitCode);
}

/** `cairn history list`: every import, newest first. */
export async function historyList(out: Output) {
  const client = await clientFromConfig();
  const { insightsHistoryImports } = await client.execute(operations.InsightsHistoryImportsDocument, {});
  out.result(insightsHistoryImports, () =>
    insightsHistoryImports.length === 0
      ? 'no history has been imported'
      : table([
          ['ID', 'SOURCE', 'IMPORTED', 'BY', 'MODELS', 'VERSIONS', 'PROMOTIONS', 'FROM', 'TO'],
          ...insightsHistoryImports.map((i) => [
            i.id,
            i.source,
            i.importedAt,
            i.importedBy,
            String(i.models),
            String(i.versions),
            String(i.promotions),
            i.earliest.slice(0, 10),
            i.latest.slice(0, 10),
          ]),
        ]),
  );
}

import { CairnError } from '@cairn/sdk';
import { Argument, Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { aliasHistory, aliasRollback, aliasSet } from './commands/alias';
import { auditExport, auditVerify } from './commands/audit';
import { exportVersion, importVersion } from './commands/bundle';
import { compare } from './commands/compare';
import { download } from './commands/download';
import { historyImport, historyList } from './commands/history';
import { archive, deprecate, hold, undeprecate } from './commands/housekeeping';
import { keysList, keysRegister, keysRevoke, keysRotate, signVersion } from './commands/keys';
import { login } from './commands/login';
import {
  promoteApprove,
  promoteGuardrails,
  promoteInbox,
  promoteReject,
  promoteRequest,
  promoteRollback,
  promoteStatus,
  promoteWithdraw,
} from './commands/promote';
import { show, versions } from './commands/read';
import { register } from './commands/register';
import { verify } from './commands/verify';
import {
  webhooksChange,
  webhooksCreate,
  webhooksDeliveries,
  webhooksEvents,
  webhooksList,
  webhooksRedeliver,
} from './commands/webhooks';
import { CommandExit, EXIT, exitCodeFor } from './exit-codes';
import { createOutput, type Output } from './output';

const positiveInt = (value: string) => {
  if (!/^\d+$/.test(value) || Number(value) < 1)
    throw new InvalidArgumentError('must be a whole number above 0');
  return Number(value);
};

export function buildProgram(): Command {
  const program = new Command('cairn')
    .description('Register, download and promote model versions in Cairn')
    .option('--json', 'print one JSON document on stdout (diagnostics go to stderr)')
    .exitOverride()
    .showHelpAfterError();
  const out = (command: Command): Output => createOutput(Boolean(command.optsWithGlobals().json));
  // Commander passes the command last; each action gets the Output for its --json.
  const run =
    <A extends unknown[]>(action: (out: Output, ...args: A) => Promise<void>) =>
    async (...args: unknown[]) => {
      const command = args[args.length - 1] as Command;
      await action(out(command), ...(args.slice(0, -1) as A));
    };

  program
    .command('login')
    .description('check and store credentials (in $XDG_CONFIG_HOME/cairn/config.json, mode 0600)')
    .option('--api-url <url>', 'the gateway, e.g. http://localhost:4000 (default: $CAIRN_API_URL or that)')
    .option('--token <token>', 'an API token (cairn_pat_…) or another bearer token')
    .option('--client-id <id>', 'OIDC client id (client-credentials grant)')
    .option('--client-secret <secret>', 'OIDC client secret')
    .option('--issuer <url>', 'OIDC issuer URL')
    .action(run((o, options) => login(options as Parameters<typeof login>[0], o)));

  program
    .command('register')
    .description('upload a file or a folder (resuming an interrupted run) and register a version')
    .argument('<model>', 'team/model')
    .argument('<path>', 'a file, or a folder whose files all become the version')
    .option('--provenance <file.json>', 'provenance (code, image, dependencies, datasets, …)')
    .option('--card <file.json>', 'model card')
    .option('--hyperparameters <file.json>', 'hyperparameters')
    .option('--create-model', 'register the model first when it does not exist')
    .addOption(
      new Option('--part-size <bytes>', 'bytes per uploaded part (5 MiB to 5 GiB)').argParser(positiveInt),
    )
    .action(
      run((o, model: string, source: string, options) => register(model, source, options as object, o)),
    );

  program
    .command('versions')
    .description("list a model's versions, newest first")
    .argument('<model>', 'team/model')
    .action(run((o, model: string) => versions(model, o)));

  program
    .command('show')
    .description('show a model, or one version with its files')
    .argument('<ref>', 'team/model, team/model@3 or team/model:champion')
    .action(run((o, ref: string) => show(ref, o)));

  program
    .command('download')
    .description("download a version's files, verifying every digest and the manifest")
    .argument('<ref>', 'team/model@3 or team/model@champion')
    .argument('<dir>', 'folder to write into')
    .action(run((o, ref: string, dir: string) => download(ref, dir, o)));

  const alias = program.command('alias').description("move, roll back and trace a model's aliases");
  alias
    .command('set')
    .argument('<model>', 'team/model')
    .argument('<alias>', 'e.g. champion')
    .argument('<version>', 'a version number or another alias')
    .option('--reason <text>')
    .action(
      run((o, model: string, name: string, version: string, options: { reason?: string }) =>
        aliasSet(model, name, version, options.reason, o),
      ),
    );
  alias
    .command('rollback')
    .argument('<model>', 'team/model')
    .argument('<alias>', 'e.g. champion')
    .requiredOption('--reason <text>', 'why (recorded in the history)')
    .action(
      run((o, model: string, name: string, options: { reason: string }) =>
        aliasRollback(model, name, options.reason, o),
      ),
    );
  alias
    .command('history')
    .argument('<model>', 'team/model')
    .argument('[alias]', 'one alias (default: all)')
    .addOption(new Option('--limit <n>', 'newest entries to show').argParser(positiveInt).default(50))
    .action(
      run((o, model: string, name: string | undefined, options: { limit: number }) =>
        aliasHistory(model, name, options.limit, o),
      ),
    );

  program
    .command('compare')
    .description('line versions up against the first: metrics with deltas, hyperparameters, provenance, …')
    .argument('<model>', 'team/model')
    .argument('<versions...>', '2 to 10 version numbers or aliases, the baseline first')
    .option('--all', 'show rows where every version agrees too')
    .action(
      run((o, model: string, list: string[], options: { all?: boolean }) =>
        compare(model, list, Boolean(options.all), o),
      ),
    );

  program
    .command('deprecate')
    .description('mark a version deprecated (advice: it still resolves and downloads)')
    .argument('<ref>', 'team/model@3')
    .requiredOption('--reason <text>', 'why (recorded in the history)')
    .option('--successor <version>', 'a later version (number or alias) to use instead')
    .action(
      run((o, ref: string, options: { reason: string; successor?: string }) => deprecate(ref, options, o)),
    );
  program
    .command('undeprecate')
    .description('lift a deprecation')
    .argument('<ref>', 'team/model@3')
    .option('--reason <text>')
    .action(run((o, ref: string, options: { reason?: string }) => undeprecate(ref, options.reason, o)));

  program
    .command('archive')
    .description('make a model and its versions read-only and hide it from default lists')
    .argument('<model>', 'team/model')
    .requiredOption('--reason <text>', 'why (recorded in the history)')
    .action(run((o, model: string, options: { reason: string }) => archive(model, false, options.reason, o)));
  program
    .command('unarchive')
    .description('end an archive')
    .argument('<model>', 'team/model')
    .option('--reason <text>')
    .action(run((o, model: string, options: { reason?: string }) => archive(model, true, options.reason, o)));

  program
    .command('hold')
    .description('place or release a legal hold on a version')
    .addArgument(new Argument('<action>').choices(['place', 'release']))
    .argument('<ref>', 'team/model@3')
    .requiredOption('--reason <text>', 'why (recorded in the history)')
    .action(
      run((o, action: 'place' | 'release', ref: string, options: { reason: string }) =>
        hold(action, ref, options.reason, o),
      ),
    );

  program
    .command('export')
    .description("write a version's bundle (cairn-bundle.json and its files) to a tar file")
    .argument('<ref>', 'team/model@3 or team/model@champion')
    .argument('<file>', 'the tar to write, e.g. scorer-v3.tar')
    .action(run((o, ref: string, file: string) => exportVersion(ref, file, o)));
  program
    .command('import')
    .description('create the next version of a model from a bundle exported by another instance')
    .argument('<model>', 'team/model')
    .argument('<file>', 'a tar written by cairn export')
    .requiredOption(
      '--from <instance-url>',
      'the instance it was exported from, e.g. https://cairn.other.example',
    )
    .option('--create-model', 'register the model first when it does not exist')
    .action(
      run((o, model: string, file: string, options: { from: string; createModel?: boolean }) =>
        importVersion(model, file, options, o),
      ),
    );
  const promote = program
    .command('promote')
    .description('ask for, decide and follow promotions to STAGING and PRODUCTION');
  promote
    .command('request')
    .description('ask for a version to move to the next stage; the guardrails run at once')
    .argument('<ref>', 'team/model@3')
    .requiredOption('--to <stage>', 'STAGING or PRODUCTION')
    .requiredOption('--justification <text>', 'why, for the approvers')
    .action(
      run((o, ref: string, options: { to: string; justification: string }) =>
        promoteRequest(ref, options, o),
      ),
    );
  promote
    .command('rollback')
    .description(
      'return PRODUCTION to the version it replaced (or --to), at once unless the policy asks approval',
    )
    .argument('<model>', 'team/model')
    .requiredOption('--reason <text>', 'why (recorded, signed and announced)')
    .option('--to <version>', 'an earlier approved version (number or alias)')
    .action(
      run((o, model: string, options: { reason: string; to?: string }) => promoteRollback(model, options, o)),
    );
  promote
    .command('approve')
    .description('approve a request (approvers of its team; never your own)')
    .argument('<request-id>')
    .option('--comment <text>')
    .action(run((o, id: string, options: { comment?: string }) => promoteApprove(id, options.comment, o)));
  promote
    .command('reject')
    .description('reject a request with a reason')
    .argument('<request-id>')
    .requiredOption('--reason <text>')
    .action(run((o, id: string, options: { reason: string }) => promoteReject(id, options.reason, o)));
  promote
    .command('withdraw')
    .description('withdraw your own open request')
    .argument('<request-id>')
    .action(run((o, id: string) => promoteWithdraw(id, o)));
  promote
    .command('guardrails')
    .description("run an open request's guardrails again (after new metrics, say)")
    .argument('<request-id>')
    .action(run((o, id: string) => promoteGuardrails(id, o)));
  promote
    .command('status')
    .description("a request, or a version's stage and requests")
    .argument('<target>', 'a request id or team/model@3')
    .action(run((o, target: string) => promoteStatus(target, o)));
  promote
    .command('inbox')
    .description('what awaits your decision')
    .action(run((o) => promoteInbox(o)));

  const webhooks = program
    .command('webhooks')
    .description("manage a team's webhook subscriptions and deliveries");
  webhooks
    .command('list')
    .description("a team's subscriptions")
    .argument('<team>')
    .action(run((o, team: string) => webhooksList(team, o)));
  webhooks
    .command('events')
    .description('the event types a subscription may name')
    .action(run((o) => webhooksEvents(o)));
  webhooks
    .command('create')
    .description('subscribe a receiver URL to event types; prints the signing secret once')
    .argument('<team>')
    .argument('<url>')
    .requiredOption('--events <types>', 'comma-separated, e.g. governance.PromotionCompleted')
    .option('--description <text>')
    .action(
      run((o, team: string, url: string, options: { events: string; description?: string }) =>
        webhooksCreate(team, url, options, o),
      ),
    );
  for (const action of ['delete', 'enable', 'rotate'] as const) {
    webhooks
      .command(action)
      .description(
        action === 'rotate'
          ? 'a new signing secret (the old one keeps signing for a grace period)'
          : `${action} a subscription`,
      )
      .argument('<subscription-id>')
      .action(run((o, id: string) => webhooksChange(action, id, o)));
  }
  webhooks
    .command('deliveries')
    .description("a subscription's delivery log, newest first")
    .argument('<subscription-id>')
    .option('--status <status>', 'PENDING, SUCCEEDED, FAILED or CANCELLED')
    .action(run((o, id: string, options: { status?: string }) => webhooksDeliveries(id, options, o)));
  webhooks
    .command('redeliver')
    .description('send a delivery again (same webhook-id)')
    .argument('<delivery-id>')
    .action(run((o, id: string) => webhooksRedeliver(id, o)));

  program
    .command('sign')
    .description("sign a version's files with your team's own key and attach the signature")
    .argument('<ref>', 'team/model@3')
    .requiredOption('--key <file>', 'ECDSA P-256 private key, PEM (never sent)')
    .option('--out <file>', 'also write the bundle (model.sig) here')
    .action(run((o, ref: string, options: { key: string; out?: string }) => signVersion(ref, options, o)));

  const keys = program
    .command('keys')
    .description('the public keys trusted to sign a team’s versions: register, rotate, revoke');
  keys
    .command('list')
    .description("a team's trusted keys and the platform's (without a team: the platform's)")
    .argument('[team]')
    .action(run((o, team: string | undefined) => keysList(team, o)));
  keys
    .command('register')
    .description('trust a public key for a team (its maintainers) or, with --platform, every team')
    .argument('[team]')
    .requiredOption('--name <text>', 'what holds it, e.g. "training pipeline 2026"')
    .requiredOption('--public-key <file>', 'ECDSA P-256 public key, PEM')
    .option('--platform', 'a platform key, trusted for every team (platform admins)')
    .action(
      run((o, team: string | undefined, options: { name: string; publicKey: string; platform?: boolean }) =>
        keysRegister(team, options, o),
      ),
    );
  keys
    .command('rotate')
    .description('replace a key: what it signed before stays trusted, nothing after')
    .argument('<key-id>')
    .requiredOption('--name <text>', "the successor's name")
    .requiredOption('--public-key <file>', "the successor's public key, PEM")
    .action(
      run((o, keyId: string, options: { name: string; publicKey: string }) => keysRotate(keyId, options, o)),
    );
  keys
    .command('revoke')
    .description('stop trusting a key for signatures from now (or --effective-from) on; final')
    .argument('<key-id>')
    .requiredOption('--reason <text>')
    .option('--effective-from <date-time>', 'earlier than now to cover a suspected compromise')
    .action(
      run((o, keyId: string, options: { reason: string; effectiveFrom?: string }) =>
        keysRevoke(keyId, options, o),
      ),
    );

  program
    .command('verify')
    .description(
      "check a version's files and signature: on the server (team/model@3), or offline on an exported bundle",
    )
    .argument('[ref]', 'team/model@3')
    .option('--bundle <file>', 'an exported bundle (cairn export) to verify offline')
    .option('--public-key <file>', 'the PEM key you trust (offline; else the bundle’s own, integrity only)')
    .action(
      run((o, ref: string | undefined, options: { bundle?: string; publicKey?: string }) =>
        verify(ref, options, o),
      ),
    );

  const audit = program.command('audit').description('export and verify the tamper-evident audit log');
  audit
    .command('verify')
    .description('verify an audit export offline: every hash, link and checkpoint signature')
    .argument('<file>', 'a JSON Lines file written by cairn audit export')
    .option('--public-key <pem>', 'check checkpoint signatures against this public key, not the embedded one')
    .action(run((o, file: string, options: { publicKey?: string }) => auditVerify(file, options, o)));
  audit
    .command('export')
    .description('write the audit chain (or seq --from..--to) as JSON Lines, then verify it')
    .argument('<file>', 'the file to write, e.g. audit.jsonl')
    .addOption(new Option('--from <seq>', 'first entry').argParser(positiveInt))
    .addOption(new Option('--to <seq>', 'last entry').argParser(positiveInt))
    .action(run((o, file: string, options: { from?: number; to?: number }) => auditExport(file, options, o)));

  const history = program
    .command('history')
    .description('import registrations and promotions from before Cairn into the insights (platform admins)');
  history
    .command('import')
    .description('send a history export in batches within the API limits; stops at the first refusal')
    .argument('<file>', 'a JSON array of HistoricalModelInput, or JSON Lines (.jsonl, .ndjson)')
    .requiredOption('--source <name>', 'the system it comes from, e.g. mlflow-prod')
    .addOption(new Option('--batch-size <n>', 'models per call (at most 200)').argParser(positiveInt))
    .option('--dry-run', 'have the server check every batch as it would import it, importing nothing')
    .option('--offline', 'with --dry-run: check the file here only (no login needed)')
    .action(
      run(
        (
          o,
          file: string,
          options: { source: string; batchSize?: number; dryRun?: boolean; offline?: boolean },
        ) => historyImport(file, options, o),
      ),
    );
  history
    .command('list')
    .description('every history import, newest first')
    .action(run((o) => historyList(o)));
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  const json = argv.includes('--json');
  try {
    await program.parseAsync(argv);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommandExit) return error.exitCode;
    if (error instanceof CommanderError) {
      return error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.exitCode === 0
        ? EXIT.ok
        : EXIT.usage;
    }
    const code = exitCodeFor(error);
    const cairn = error instanceof CairnError ? error : undefined;
    const message = cairn?.message ?? (error as Error)?.stack ?? String(error);
    process.stderr.write(`cairn: ${message}\n`);
    for (const problem of cairn?.problems ?? [])
      process.stderr.write(`  ${problem.path}: ${problem.message}\n`);
    if (json) {
      const body = {
        error: { code: cairn?.code ?? 'UNEXPECTED', message, problems: cairn?.problems, exitCode: code },
      };
      process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
    }
    return code;
  }
}

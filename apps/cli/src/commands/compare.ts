import { operations } from '@cairn/sdk';
import { clientFromConfig } from '../config';
import { cliError } from '../exit-codes';
import { type Output, table } from '../output';
import { parseModelRef, parseVersionRef } from '../refs';

type Comparison = operations.CompareModelVersionsQuery['compareModelVersions'];

const cell = (value: unknown) =>
  value === null || value === undefined ? '-' : typeof value === 'string' ? value : JSON.stringify(value);
const signed = (delta: number | null | undefined) =>
  delta === null || delta === undefined ? '' : ` (${delta >= 0 ? '+' : ''}${Number(delta.toPrecision(6))})`;

/** `cairn compare team/model 2 3 [champion …]`: the versions lined up against the first. */
export async function compare(refText: string, versionTexts: string[], all: boolean, out: Output) {
  const ref = parseModelRef(refText, { version: 'forbidden' });
  if (versionTexts.length < 2 || versionTexts.length > 10)
    throw cliError('USAGE', 'compare takes 2 to 10 versions, the baseline first');
  const client = await clientFromConfig();
  const model = await client.findModel(ref.team, ref.name);
  const resolved = [];
  for (const text of versionTexts)
    resolved.push(await client.resolveVersion(model.id, parseVersionRef(text)));
  const { compareModelVersions: comparison } = await client.execute(operations.CompareModelVersionsDocument, {
    versionIds: resolved.map((version) => version.id),
    onlyDifferences: !all,
  });
  out.result({ model: refText, ...comparison }, () => render(comparison));
}

function render(comparison: Comparison): string {
  const header = ['', ...comparison.versions.map((v) => `v${v.version}`)];
  const section = (title: string, rows: string[][]) =>
    rows.length ? `${title}\n${table([header, ...rows])}` : `${title}: no differences`;
  const values = (rows: Comparison['hyperparameters']) =>
    rows.map((row) => [row.same ? row.key : `* ${row.key}`, ...row.values.map(cell)]);
  return [
    section(
      'METRICS (delta against the baseline)',
      comparison.metrics.map((m) => [
        m.dataset ? `${m.name} [${m.dataset}]` : m.name,
        ...m.values.map((value, i) =>
          value === null ? '-' : `${value}${i === 0 ? '' : signed(m.deltas[i])}`,
        ),
      ]),
    ),
    section('HYPERPARAMETERS', values(comparison.hyperparameters)),
    section('PROVENANCE', values(comparison.provenance)),
    section(
      'DEPENDENCIES',
      comparison.dependencies.map((d) => [
        d.ecosystem ? `${d.ecosystem}:${d.name}` : d.name,
        ...d.versions.map((version, i) => `${cell(version)}${i === 0 ? '' : ` ${d.changes[i]}`}`),
      ]),
    ),
    section(
      'ARTIFACTS',
      comparison.artifacts.map((a) => [
        a.path,
        ...a.digests.map((digest, i) => (digest ? `${digest.slice(7, 19)} ${a.changes[i]}` : a.changes[i]!)),
      ]),
    ),
    section('MODEL CARD', values(comparison.card)),
  ].join('\n\n');
}

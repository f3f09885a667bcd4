import { stringify } from 'yaml';
import { CARD_SECTIONS, type ModelCard, type ModelCardOwner } from './model-card';

/**
 * Export of a card as a Hugging Face model card: README.md with YAML front matter. Evaluation
 * results go into `model-index` as the Hub's metadata spec lays it out (hub-docs `modelcard.md`):
 * one entry per model with `results`, each result a `task` (type required), a `dataset` (type and
 * name required) and `metrics` (type and value required).
 */
export interface HuggingFaceDataset {
  /** Dataset id, e.g. `imdb` or `acme/holdout-2024`. */
  type: string;
  name: string;
  split?: string;
  config?: string;
  revision?: string;
}

export interface HuggingFaceMetric {
  name: string;
  value: number;
  /** A name (used as both id and pretty name) or a full dataset reference. */
  dataset?: string | HuggingFaceDataset | null;
}

export interface HuggingFaceExportOptions {
  model: { team: string; name: string };
  version: number | string;
  /** An SPDX-style id from the Hub's list, e.g. `apache-2.0`. */
  license?: string;
  metrics?: readonly HuggingFaceMetric[];
  /** The Hub requires a task type per result; `other` when the caller does not say. */
  task?: { type: string; name?: string };
  tags?: readonly string[];
}

const NOT_PROVIDED = '_Not provided._';

export function toHuggingFaceReadme(card: ModelCard, options: HuggingFaceExportOptions): string {
  const modelId = `${options.model.team}/${options.model.name}`;
  const metrics = options.metrics ?? [];
  const frontMatter: Record<string, unknown> = {};
  if (options.license) frontMatter.license = options.license;
  if (options.tags?.length) frontMatter.tags = [...options.tags];
  if (metrics.length > 0) frontMatter.metrics = [...new Set(metrics.map((m) => m.name))].sort();
  const results = modelIndexResults(metrics, options.task ?? { type: 'other' });
  if (results.length > 0) frontMatter['model-index'] = [{ name: modelId, results }];

  const yaml = Object.keys(frontMatter).length > 0 ? stringify(frontMatter, { lineWidth: 0 }) : '';
  const body = [
    `# ${modelId} (version ${options.version})`,
    ...CARD_SECTIONS.filter(([key]) => key !== 'evaluationSummary').flatMap(([key, title]) => [
      `## ${title}`,
      card[key]?.trim() || NOT_PROVIDED,
    ]),
    '## Evaluation',
    card.evaluationSummary?.trim() || NOT_PROVIDED,
    ...(metrics.length > 0 ? [metricsTable(metrics)] : []),
    '## Owners',
    card.owners?.length ? card.owners.map(ownerLine).join('\n') : NOT_PROVIDED,
  ];
  return `---\n${yaml}---\n\n${body.join('\n\n')}\n`;
}

/**
 * The spec requires a dataset per result, so metrics without one appear only in the body's
 * table; inventing a dataset would publish metadata nobody recorded.
 */
function modelIndexResults(metrics: readonly HuggingFaceMetric[], task: { type: string; name?: string }) {
  const byDataset = new Map<
    string,
    { dataset: HuggingFaceDataset; metrics: { type: string; value: number; name: string }[] }
  >();
  for (const metric of metrics) {
    const dataset = toDataset(metric.dataset);
    if (!dataset) continue;
    const key = JSON.stringify([dataset.type, dataset.name, dataset.split, dataset.config, dataset.revision]);
    const group = byDataset.get(key) ?? { dataset, metrics: [] };
    group.metrics.push({ type: metricId(metric.name), value: metric.value, name: metric.name });
    byDataset.set(key, group);
  }
  return [...byDataset.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, group]) => ({
      task: { ...task },
      dataset: withoutUndefined(group.dataset),
      metrics: group.metrics,
    }));
}

function toDataset(dataset: HuggingFaceMetric['dataset']): HuggingFaceDataset | undefined {
  if (!dataset) return undefined;
  if (typeof dataset === 'string') return { type: dataset, name: dataset };
  return dataset;
}

/** Metric ids on the Hub are lowercase slugs such as `accuracy` or `f1`. */
function metricId(name: string): string {
  return name.trim().toLowerCase().replace(/\s+/g, '_');
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function metricsTable(metrics: readonly HuggingFaceMetric[]): string {
  const rows = metrics.map((m) => {
    const dataset = toDataset(m.dataset);
    return `| ${cell(m.name)} | ${m.value} | ${dataset ? cell(dataset.name) : ''} |`;
  });
  return ['| Metric | Value | Dataset |', '| --- | --- | --- |', ...rows].join('\n');
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s+/g, ' ');
}

function ownerLine(owner: ModelCardOwner): string {
  const email = owner.email ? ` <${owner.email}>` : '';
  const team = owner.team ? ` (${owner.team})` : '';
  return `- ${owner.name}${email}${team}`;
}

import { InvalidInputError } from '@cairn/errors';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { toHuggingFaceReadme } from './hugging-face';
import { cardCompleteness, parseModelCard } from './model-card';

const card = parseModelCard({
  intendedUse: 'Scores card payments for fraud in real time.',
  outOfScopeUses: 'Credit decisions.',
  businessUseCases: 'Block or step-up authentication above a threshold.',
  assumptions: 'Transactions are in EUR.',
  limitations: 'Trained on 2023 data only.',
  ethicalConsiderations: 'May flag travellers more often.',
  evaluationSummary: 'AUC 0.94 on the 2024 holdout.',
  owners: [{ name: 'Ana Silva', email: 'ana@example.com', team: 'fraud' }, { name: 'Bo Chen' }],
});

function split(readme: string) {
  const match = /^---\n([\s\S]*?)---\n\n([\s\S]*)$/.exec(readme);
  if (!match) throw new Error('no front matter');
  return { meta: parse(match[1] as string) ?? {}, body: match[2] as string };
}

describe('model card', () => {
  it('is complete when every section and an owner are there', () => {
    expect(cardCompleteness(card)).toEqual({ complete: true, missing: [] });
  });

  it('lists empty sections and missing owners in rendering order', () => {
    expect(cardCompleteness(parseModelCard({ limitations: '  ', intendedUse: 'x', owners: [] }))).toEqual({
      complete: false,
      missing: [
        'outOfScopeUses',
        'businessUseCases',
        'assumptions',
        'limitations',
        'ethicalConsiderations',
        'evaluationSummary',
        'owners',
      ],
    });
  });

  it('bounds sections and checks owners, naming each field', () => {
    try {
      parseModelCard({
        limitations: 'x'.repeat(20_001),
        owners: [{ name: '', email: 'nope' }],
        colour: 'red',
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidInputError);
      expect((error as InvalidInputError).problems.map((p) => p.path).sort()).toEqual([
        'card',
        'card.limitations',
        'card.owners.0.email',
        'card.owners.0.name',
      ]);
    }
  });
});

describe('toHuggingFaceReadme', () => {
  const readme = toHuggingFaceReadme(card, {
    model: { team: 'fraud', name: 'scorer' },
    version: 3,
    license: 'apache-2.0',
    task: { type: 'tabular-classification', name: 'Fraud detection' },
    metrics: [
      { name: 'AUC', value: 0.94, dataset: 'holdout-2024' },
      { name: 'F1', value: 0.81, dataset: 'holdout-2024' },
      { name: 'auc', value: 0.9, dataset: { type: 'acme/cards', name: 'Cards', split: 'test' } },
      { name: 'latency_p99_ms', value: 12 },
    ],
  });

  it('writes front matter that parses back with the metrics in model-index', () => {
    const { meta } = split(readme);
    expect(meta.license).toBe('apache-2.0');
    expect(meta.metrics).toEqual(['AUC', 'F1', 'auc', 'latency_p99_ms']);
    expect(meta['model-index']).toEqual([
      {
        name: 'fraud/scorer',
        results: [
          {
            task: { type: 'tabular-classification', name: 'Fraud detection' },
            dataset: { type: 'acme/cards', name: 'Cards', split: 'test' },
            metrics: [{ type: 'auc', value: 0.9, name: 'auc' }],
          },
          {
            task: { type: 'tabular-classification', name: 'Fraud detection' },
            dataset: { type: 'holdout-2024', name: 'holdout-2024' },
            metrics: [
              { type: 'auc', value: 0.94, name: 'AUC' },
              { type: 'f1', value: 0.81, name: 'F1' },
            ],
          },
        ],
      },
    ]);
  });

  it('renders the card sections as Markdown, with every metric in the table', () => {
    const { body } = split(readme);
    expect(body).toMatch(/^# fraud\/scorer \(version 3\)\n\n## Intended use\n\nScores card payments/);
    for (const heading of [
      'Out-of-scope uses',
      'Business use cases',
      'Assumptions',
      'Limitations',
      'Ethical considerations',
      'Evaluation',
      'Owners',
    ]) {
      expect(body).toContain(`## ${heading}\n\n`);
    }
    expect(body).toContain('| latency_p99_ms | 12 |  |');
    expect(body).toContain('- Ana Silva <ana@example.com> (fraud)\n- Bo Chen');
  });

  it('says what is missing and survives text that looks like YAML or a table', () => {
    const sparse = toHuggingFaceReadme(parseModelCard({ limitations: '---\nkey: value' }), {
      model: { team: 't', name: 'm' },
      version: 1,
      metrics: [{ name: 'a|b', value: 1, dataset: 'x: y' }],
    });
    const { meta, body } = split(sparse);
    expect(meta['model-index'][0].results[0].task).toEqual({ type: 'other' });
    expect(meta['model-index'][0].results[0].dataset).toEqual({ type: 'x: y', name: 'x: y' });
    expect(body).toContain('## Intended use\n\n_Not provided._');
    expect(body).toContain('| a\\|b | 1 | x: y |');
  });

  it('writes empty front matter when there is nothing to declare', () => {
    const bare = toHuggingFaceReadme({}, { model: { team: 't', name: 'm' }, version: 1 });
    expect(bare.startsWith('---\n---\n\n# t/m (version 1)')).toBe(true);
  });
});

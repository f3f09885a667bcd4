// Time to scan a typical registration (50 string fields, ≈ 6 KB): `npm run build` first, then
// `node packages/sensitive-data/bench/scan.mjs`. Prints the median and p95 of warm scans.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { SensitiveDataScanner } = require('../dist/index.js');

const sentence = 'Trained on 1.2M labelled transactions from 2019-2024; evaluated with 5-fold CV. ';
const payload = {
  name: 'fraud-detector',
  description: sentence.repeat(12),
  card: Object.fromEntries(
    [
      'intended_use',
      'limitations',
      'ethics',
      'training_data',
      'evaluation',
      'caveats',
      'owners_note',
      'license',
    ].map((section) => [section, sentence.repeat(6)]),
  ),
  hyperparameters: Object.fromEntries(
    Array.from({ length: 16 }, (_, i) => [`param_${i}`, i % 2 ? `adamw-${i}e-4` : String(0.1 * i)]),
  ),
  tags: Array.from({ length: 16 }, (_, i) => `tag-${i}`),
  provenance: {
    commit: '3f2c9a1e8b7d6c5f4e3d2c1b0a9f8e7d6c5b4a39',
    dataset: 's3://datasets/transactions/2024-06',
    run: '6f1c1e1a-8d3b-4c1e-9f5a-2b7c3d4e5f60',
    pipeline: 'train.py --epochs 20',
  },
  environment: { python: '3.11.9', torch: '2.3.1+cu121', cuda: '12.1', os: 'ubuntu-22.04' },
};

const scanner = new SensitiveDataScanner();
let strings = 0;
let keys = 0;
const texts = [];
const count = (v) => {
  if (typeof v === 'string') {
    strings++;
    texts.push(v);
  } else if (v && typeof v === 'object') {
    if (!Array.isArray(v)) keys += Object.keys(v).length;
    for (const x of Object.values(v)) count(x);
  }
};
count(payload);
for (let i = 0; i < 50; i++) await scanner.scan(payload);

async function measure(label, run) {
  const times = [];
  for (let i = 0; i < 300; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const at = (q) => times[Math.floor(q * (times.length - 1))].toFixed(2);
  console.log(`${label}: median ${at(0.5)} ms, p95 ${at(0.95)} ms`);
}

console.log(`payload: ${strings} string values, ${keys} keys, ${JSON.stringify(payload).length} bytes`);
await measure('scan (one secretlint run for all strings + personal-data rules)', () => scanner.scan(payload));
// For comparison: what one secretlint run per string would cost.
const { SecretDetector } = require('../dist/secrets.js');
const detector = new SecretDetector(new Set());
await measure('secretlint alone, one run per string', async () => {
  for (const text of texts) await detector.find([text]);
});

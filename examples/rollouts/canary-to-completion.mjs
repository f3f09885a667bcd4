#!/usr/bin/env node
// Drives a canary of a PRODUCTION version through every traffic step to completion: the
// candidate fails as often as the baseline (0.5 %), so every window passes.
//   CAIRN_API_URL=http://127.0.0.1:4000 CAIRN_TOKEN=… node examples/rollouts/canary-to-completion.mjs <modelVersionId>
import { driveCanary, settings } from './serving-canary.mjs';

const ended = await driveCanary(settings(), () => 0.005);
console.log(`rollout ${ended.id} ${ended.status}: ${ended.endReason}`);
process.exit(ended.status === 'COMPLETED' ? 0 : 1);

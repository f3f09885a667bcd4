#!/usr/bin/env node
// Drives a canary into an automatic rollback: the candidate is fine at 5 % and then, under more
// load at 25 %, fails 3 % of its requests (6 × the baseline's 0.5 %). Cairn rolls PRODUCTION
// back to the previous version at once and says why.
//   CAIRN_API_URL=http://127.0.0.1:4000 CAIRN_TOKEN=… node examples/rollouts/canary-rolled-back.mjs <modelVersionId>
import { driveCanary, settings } from './serving-canary.mjs';

const ended = await driveCanary(settings(), (traffic) => (traffic < 25 ? 0.005 : 0.03));
console.log(`rollout ${ended.id} ${ended.status}: ${ended.endReason}`);
process.exit(ended.status === 'ROLLED_BACK' ? 0 : 1);

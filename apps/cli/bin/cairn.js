#!/usr/bin/env node
// The compiled CLI lives in dist/ (`npm run build`); this file exists before any build so npm
// can link the `cairn` command into node_modules/.bin at install time.
require('../dist/entry.js');

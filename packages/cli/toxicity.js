#!/usr/bin/env node
'use strict';
/**
 * `npx toxicity …` from a checkout: npm links this workspace's bin into node_modules/.bin at
 * `npm ci` (it does not link the root package's own bin). It runs the CLI from the TypeScript
 * sources through tsx, so no build step is needed; the production image runs the compiled build.
 */
require('tsx/cjs');
require('../../src/cli.ts');

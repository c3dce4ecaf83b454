#!/usr/bin/env node
// Thin launcher: the CLI is compiled by `npm run build:node` into out/node.
import { main } from '../out/node/src-main/cli/main.js';

process.exitCode = await main(process.argv);

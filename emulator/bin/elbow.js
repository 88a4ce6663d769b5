#!/usr/bin/env node
// The `elbow` command. The TypeScript build writes dist/; this file only loads it, so the bin
// link npm makes at install time points at a file that always exists.
import { main } from '../dist/cli.js';

main(process.argv.slice(2)).then(
  (exitCode) => {
    if (typeof exitCode === 'number') process.exitCode = exitCode;
  },
  (error) => {
    console.error(`elbow: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);

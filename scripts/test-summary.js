#!/usr/bin/env node
// Adds up the vitest JSON reports of every workspace into one closing line,
// `Tests: N passed, N failed, N skipped`, the plain form CI reads to know that tests ran.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const { workspaces } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

function workspaceFolders(pattern) {
  if (!pattern.endsWith('/*')) return [pattern];
  const parent = pattern.slice(0, -2);
  return readdirSync(join(root, parent), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => `${parent}/${entry.name}`);
}

const totals = { reports: 0, passed: 0, failed: 0, skipped: 0 };
for (const folder of workspaces.flatMap(workspaceFolders)) {
  const file = join(root, folder, 'test-results.json');
  if (!existsSync(file)) continue;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  totals.reports += 1;
  totals.passed += report.numPassedTests;
  totals.failed += report.numFailedTests;
  totals.skipped += report.numPendingTests + (report.numTodoTests ?? 0);
}
console.log(`\n${totals.reports} workspaces reported tests`);
console.log(`Tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
if (totals.reports === 0 || totals.passed === 0 || totals.failed > 0) process.exitCode = 1;

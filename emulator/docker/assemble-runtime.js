#!/usr/bin/env node
// Copies what the elbow command needs at run time from a built, production-pruned checkout (the
// current directory) to the directory given: the root package.json, node_modules, and for each
// workspace elbow runs on (emulator, api-models, packages/*) its package.json, the entries of its
// "files" and its own node_modules (npm nests a dependency there when versions differ). Workspace links in node_modules stay links; the test workspace's link is left out.
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const target = resolve(process.argv[2] ?? '');
if (!process.argv[2]) {
  console.error('usage: assemble-runtime.js <runtime-dir>');
  process.exit(2);
}
rmSync(target, { recursive: true, force: true });
mkdirSync(target, { recursive: true });

const copy = (path) => cpSync(path, join(target, path), { recursive: true, verbatimSymlinks: true });

copy('package.json');
const workspaces = ['emulator', 'api-models', ...readdirSync('packages').map((name) => join('packages', name))];
for (const workspace of workspaces) {
  const manifest = JSON.parse(readFileSync(join(workspace, 'package.json'), 'utf8'));
  copy(join(workspace, 'package.json'));
  for (const entry of manifest.files ?? []) {
    if (!existsSync(join(workspace, entry))) throw new Error(`${workspace}: "${entry}" of its files is missing; was it built?`);
    copy(join(workspace, entry));
  }
  if (existsSync(join(workspace, 'node_modules'))) copy(join(workspace, 'node_modules'));
}
cpSync('node_modules', join(target, 'node_modules'), {
  recursive: true,
  verbatimSymlinks: true,
  // Tests are not shipped; nor are the npm caches of the build.
  filter: (source) => !/node_modules\/(@elbow\/e2e|\.cache)$/.test(source),
});
console.log(`runtime assembled in ${target}: ${workspaces.length} workspaces`);

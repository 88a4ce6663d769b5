#!/usr/bin/env node
// Copies the official ELB service models out of the botocore installed on this machine, without
// their documentation strings, into api-models/models/. The output is committed, so that neither
// `npm install` nor a build needs Python: only refreshing to a newer AWS model does.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const modelsDir = join(here, '..', 'models');

/** The services elbow serves, as botocore names them. */
const SERVICES = [
  { botocoreName: 'elbv2', apiVersion: '2015-12-01', fileStem: 'elbv2' },
  { botocoreName: 'elb', apiVersion: '2012-06-01', fileStem: 'elb' },
];

const DOC_KEYS = new Set(['documentation', 'documentationUrl', 'examples']);

function stripDocs(value) {
  if (Array.isArray(value)) return value.map(stripDocs);
  if (value && typeof value === 'object') {
    const out = {};
    for (const [key, inner] of Object.entries(value)) {
      if (!DOC_KEYS.has(key)) out[key] = stripDocs(inner);
    }
    return out;
  }
  return value;
}

function readMaybeGzipped(path) {
  try {
    return JSON.parse(gunzipSync(readFileSync(`${path}.gz`)).toString('utf8'));
  } catch (error) {
    if (error.code !== 'ENOENT') throw error;
    return JSON.parse(readFileSync(path, 'utf8'));
  }
}

const botocoreDir = execFileSync(
  'python3',
  ['-c', 'import botocore,os;print(os.path.dirname(botocore.__file__))'],
  { encoding: 'utf8' },
).trim();
const botocoreVersion = execFileSync('python3', ['-c', 'import botocore;print(botocore.__version__)'], {
  encoding: 'utf8',
}).trim();

mkdirSync(modelsDir, { recursive: true });
for (const service of SERVICES) {
  const dataDir = join(botocoreDir, 'data', service.botocoreName, service.apiVersion);
  const model = stripDocs(readMaybeGzipped(join(dataDir, 'service-2.json')));
  const paginators = readMaybeGzipped(join(dataDir, 'paginators-1.json'));
  const waiters = readMaybeGzipped(join(dataDir, 'waiters-2.json'));
  const bundle = {
    source: `botocore ${botocoreVersion} data/${service.botocoreName}/${service.apiVersion}`,
    model,
    paginators: paginators.pagination ?? {},
    waiters: waiters.waiters ?? {},
  };
  const target = join(modelsDir, `${service.fileStem}-${service.apiVersion}.json`);
  writeFileSync(target, `${JSON.stringify(bundle, null, 1)}\n`);
  console.log(`wrote ${target} (${Object.keys(model.operations).length} operations)`);
}

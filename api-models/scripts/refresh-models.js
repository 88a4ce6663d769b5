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

/**
 * The services elbow serves, as botocore names them. `operations` prunes a model to the
 * operations elbow serves and the shapes they reach: EC2's full model has hundreds of operations
 * and thousands of shapes, of which elbow serves the subset ELB validates against (issue: "EC2
 * subset on the same endpoint").
 */
const SERVICES = [
  { botocoreName: 'elbv2', apiVersion: '2015-12-01', fileStem: 'elbv2' },
  { botocoreName: 'elb', apiVersion: '2012-06-01', fileStem: 'elb' },
  {
    botocoreName: 'ec2',
    apiVersion: '2016-11-15',
    fileStem: 'ec2',
    operations: [
      'DescribeVpcs', 'DescribeSubnets', 'DescribeAvailabilityZones', 'DescribeSecurityGroups',
      'CreateVpc', 'CreateSubnet', 'CreateSecurityGroup', 'DeleteVpc', 'DeleteSubnet', 'DeleteSecurityGroup',
      'RunInstances', 'DescribeInstances', 'TerminateInstances', 'CreateTags',
    ],
  },
];

/** The model restricted to `operations` and the closure of the shapes their inputs, outputs and errors reach. */
function pruneModel(model, operations) {
  const kept = {};
  const pending = [];
  const operationsOut = {};
  for (const name of operations) {
    const operation = model.operations[name];
    if (!operation) throw new Error(`The model has no operation ${name}`);
    operationsOut[name] = operation;
    if (operation.input) pending.push(operation.input.shape);
    if (operation.output) pending.push(operation.output.shape);
    for (const error of operation.errors ?? []) pending.push(error.shape);
  }
  while (pending.length > 0) {
    const name = pending.pop();
    if (Object.hasOwn(kept, name)) continue;
    const shape = model.shapes[name];
    if (!shape) throw new Error(`The model has no shape ${name}`);
    kept[name] = shape;
    for (const ref of Object.values(shape.members ?? {})) pending.push(ref.shape);
    for (const ref of [shape.member, shape.key, shape.value]) if (ref) pending.push(ref.shape);
  }
  const shapes = Object.fromEntries(Object.keys(model.shapes).filter((name) => Object.hasOwn(kept, name)).map((name) => [name, kept[name]]));
  return { ...model, operations: operationsOut, shapes };
}

function pickOperations(table, operations) {
  if (!operations) return table;
  return Object.fromEntries(Object.entries(table).filter(([, entry]) => operations.includes(entry.operation ?? '')));
}

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
  const fullModel = stripDocs(readMaybeGzipped(join(dataDir, 'service-2.json')));
  const model = service.operations ? pruneModel(fullModel, service.operations) : fullModel;
  const paginators = readMaybeGzipped(join(dataDir, 'paginators-1.json'));
  const waiters = readMaybeGzipped(join(dataDir, 'waiters-2.json'));
  const keptPaginators = Object.fromEntries(
    Object.entries(paginators.pagination ?? {}).filter(([name]) => Object.hasOwn(model.operations, name)),
  );
  const bundle = {
    source:
      `botocore ${botocoreVersion} data/${service.botocoreName}/${service.apiVersion}` +
      (service.operations ? ` (pruned to ${service.operations.length} operations)` : ''),
    model,
    paginators: keptPaginators,
    waiters: pickOperations(waiters.waiters ?? {}, service.operations),
  };
  const target = join(modelsDir, `${service.fileStem}-${service.apiVersion}.json`);
  writeFileSync(target, `${JSON.stringify(bundle, null, 1)}\n`);
  console.log(`wrote ${target} (${Object.keys(model.operations).length} operations)`);
}

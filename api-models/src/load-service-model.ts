import { readFileSync } from 'node:fs';
import type { ServiceModelBundle } from './service-model.js';

/** The services whose models api-models/models/ holds, by the file stem the refresh script writes. */
export const MODEL_FILES = {
  elbv2: 'elbv2-2015-12-01.json',
  elb: 'elb-2012-06-01.json',
  /** Pruned to the 14 operations of elbow's EC2 subset (scripts/refresh-models.js). */
  ec2: 'ec2-2016-11-15.json',
} as const;

export type ModelName = keyof typeof MODEL_FILES;

const cache = new Map<ModelName, ServiceModelBundle>();

/** Reads a committed model once per process; the same object is returned afterwards. */
export function loadServiceModel(name: ModelName): ServiceModelBundle {
  let bundle = cache.get(name);
  if (!bundle) {
    // Relative to both src/ (tests) and dist/ (built), the models sit one folder up.
    const url = new URL(`../models/${MODEL_FILES[name]}`, import.meta.url);
    bundle = JSON.parse(readFileSync(url, 'utf8')) as ServiceModelBundle;
    cache.set(name, bundle);
  }
  return bundle;
}

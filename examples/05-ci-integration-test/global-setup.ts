import type { TestProject } from 'vitest/node';
import { startElbow } from 'elbow';

export interface ElbowConnection {
  endpoint: string;
  region: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    elbow: ElbowConnection;
  }
}

// Starts elbow in this (the runner's) process: a free port, state in memory. Test files run in
// workers, so they get what they need to connect, and use the admin API for snapshots.
export default async function setup(project: TestProject) {
  const elbow = await startElbow({ logLevel: 'silent' });
  project.provide('elbow', { endpoint: elbow.endpoint, region: elbow.region });
  return () => elbow.stop();
}

import { readFile } from 'node:fs/promises';
import { applyBootstrapDocuments, type ApplyOptions } from './apply-bootstrap.js';
import { BootstrapError } from './bootstrap-error.js';
import type { ElbowTarget } from './elbow-clients.js';
import { loadBootstrapDocuments } from './load-bootstrap-documents.js';

/**
 * `elbow start --config <file>`: reads, validates and applies a bootstrap file. Every failure is a
 * BootstrapError naming the file (by the name given, so the user recognises it).
 */
export async function applyBootstrapFile(path: string, target: ElbowTarget, onChange?: ApplyOptions['onChange']): Promise<void> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new BootstrapError(`${path}: cannot read the bootstrap file: ${reason}`);
  }
  const documents = loadBootstrapDocuments(text, path);
  await applyBootstrapDocuments(documents, target, { source: path, ...(onChange ? { onChange } : {}) });
}

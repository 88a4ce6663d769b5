import { stringify } from 'yaml';
import type { BootstrapDocument } from './bootstrap-document.js';

export type BootstrapFormat = 'yaml' | 'json';

/** A document as `elbow export` / `elbow import --out` write it; the YAML opens with a comment naming the schema. */
export function formatBootstrapDocument(document: BootstrapDocument, format: BootstrapFormat): string {
  if (format === 'json') return `${JSON.stringify(document, null, 2)}\n`;
  return `# elbow bootstrap document (schema: @elbow/bootstrap/schema/elbow-config.schema.json)\n${stringify(document, { lineWidth: 0 })}`;
}

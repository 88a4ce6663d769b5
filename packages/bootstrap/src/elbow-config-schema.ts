import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The published JSON Schema of the bootstrap format (issue 8). One committed file, read from the
 * package (src/ and dist/ both sit one level below it), so editors, ajv and other tools see the same.
 */
export const ELBOW_CONFIG_SCHEMA_PATH = fileURLToPath(new URL('../schema/elbow-config.schema.json', import.meta.url));

export const ELBOW_CONFIG_SCHEMA: Readonly<Record<string, unknown>> = JSON.parse(readFileSync(ELBOW_CONFIG_SCHEMA_PATH, 'utf8')) as Record<string, unknown>;

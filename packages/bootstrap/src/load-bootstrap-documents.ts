import { Ajv, type ErrorObject } from 'ajv';
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Node } from 'yaml';
import type { BootstrapDocument } from './bootstrap-document.js';
import { BootstrapError } from './bootstrap-error.js';
import { ELBOW_CONFIG_SCHEMA } from './elbow-config-schema.js';

// One validator, compiled once (STYLE rule 6); allErrors so one run lists every mistake.
// strictRequired off: a target's oneOf names InstanceName or Id as required in branches that
// inherit their properties from the enclosing object, which ajv's strict mode cannot see.
const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, strictRequired: false, allowUnionTypes: true });
const validateDocument = ajv.compile<BootstrapDocument>(ELBOW_CONFIG_SCHEMA);

/** A JSON pointer to `/`-separated path segments (RFC 6901 unescaping). */
function pointerSegments(pointer: string): string[] {
  return pointer === '' ? [] : pointer.slice(1).split('/').map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The deepest node of `root` along `segments`, and whether it was the key of the last segment. */
function nodeAt(root: Node | null, segments: readonly string[], preferKey: boolean): Node | null {
  let node: Node | null = root;
  for (const [index, segment] of segments.entries()) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === segment);
      if (!pair) return node;
      if (preferKey && index === segments.length - 1 && isScalar(pair.key)) return pair.key;
      node = (pair.value as Node | null) ?? (pair.key as Node);
    } else if (isSeq(node)) {
      const item = node.items[Number(segment)] as Node | undefined;
      if (!item) return node;
      node = item;
    } else {
      return node;
    }
  }
  return node;
}

interface Failure {
  pointer: string;
  message: string;
  /** Point at the key (unknown member) rather than its value. */
  atKey: boolean;
}

/** ajv's failures in the format's own words: the path and what was expected (STYLE rule 6). */
function describeFailures(errors: readonly ErrorObject[]): Failure[] {
  const failures: Failure[] = [];
  for (const error of errors) {
    // The branches of a oneOf report their own misses; the oneOf failure below says it once.
    if (error.schemaPath.includes('/oneOf/')) continue;
    switch (error.keyword) {
      case 'additionalProperties': {
        const member = String((error.params as { additionalProperty: string }).additionalProperty);
        const allowed = Object.keys((error.parentSchema as { properties?: Record<string, unknown> }).properties ?? {});
        failures.push({ pointer: `${error.instancePath}/${member}`, message: `unknown member; expected one of ${allowed.join(', ')}`, atKey: true });
        break;
      }
      case 'enum': {
        const allowed = (error.params as { allowedValues: unknown[] }).allowedValues.map(String);
        failures.push({ pointer: error.instancePath, message: `must be one of ${allowed.join(', ')}`, atKey: false });
        break;
      }
      case 'oneOf': {
        const branches = (error.schema as Array<{ required?: string[] }>).map((branch) => (branch.required ?? []).join(' and '));
        failures.push({ pointer: error.instancePath, message: `must have exactly one of ${branches.join(', ')}`, atKey: false });
        break;
      }
      default:
        failures.push({ pointer: error.instancePath, message: error.message ?? `fails ${error.keyword}`, atKey: false });
    }
  }
  return failures;
}

/**
 * Parses a bootstrap file (YAML, or JSON, which YAML reads too, so both get line numbers) into
 * its documents and validates each against the published schema. Every problem becomes one line
 * `<file>:<line>: <JSON path>: <what was expected>`, all of them in one BootstrapError.
 */
export function loadBootstrapDocuments(text: string, fileName: string): BootstrapDocument[] {
  const lineCounter = new LineCounter();
  const parsed = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (!Array.isArray(parsed)) return [];
  const problems: string[] = [];
  const documents: BootstrapDocument[] = [];
  for (const [index, document] of parsed.entries()) {
    const prefix = parsed.length > 1 ? `document ${index + 1}: ` : '';
    if (document.errors.length > 0) {
      for (const error of document.errors) {
        const line = lineCounter.linePos(error.pos[0]).line;
        problems.push(`${fileName}:${line}: ${prefix}${error.message.split('\n')[0] ?? error.code}`);
      }
      continue;
    }
    const value: unknown = document.toJS() ?? {};
    if (!validateDocument(value)) {
      for (const failure of describeFailures(validateDocument.errors ?? [])) {
        const node = nodeAt(document.contents, pointerSegments(failure.pointer), failure.atKey);
        const line = node?.range ? lineCounter.linePos(node.range[0]).line : 1;
        problems.push(`${fileName}:${line}: ${prefix}${failure.pointer || '/'}: ${failure.message}`);
      }
      continue;
    }
    documents.push(value);
  }
  if (problems.length > 0) throw new BootstrapError(problems.join('\n'));
  return documents;
}

import { readFile, writeFile } from 'node:fs/promises';
import {
  applyBootstrapDocuments,
  BootstrapError,
  exportBootstrapDocument,
  formatBootstrapDocument,
  importDescribeDumps,
  loadBootstrapDocuments,
  type BootstrapFormat,
} from '@elbow/bootstrap';
import { parseElbowEndpoint } from './elbow-endpoint.js';
import { OptionError } from './options.js';

/** `elbow import` and `elbow export` (issue 8): thin argument handling around @elbow/bootstrap. */

export const BOOTSTRAP_USAGE = `  import    Recreate a real account's configuration from the JSON of aws elbv2/elb describe-* commands:
              elbow import <dump.json>... [--endpoint URL] [--out FILE [--format yaml|json]]
  export    Print elbow's state as a bootstrap document (elbow start --config takes it back):
              elbow export [--endpoint URL] [--region R] [--account-id ID] [--format yaml|json] [--out FILE]`;

const DEFAULT_ENDPOINT = 'http://127.0.0.1:4590';

interface CommandArguments {
  files: string[];
  flags: Map<string, string>;
}

function parseArguments(argv: readonly string[], allowed: readonly string[]): CommandArguments {
  const files: string[] = [];
  const flags = new Map<string, string>();
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index] ?? '';
    const match = /^--([a-z-]+)(?:=(.*))?$/s.exec(argument);
    if (!match) {
      files.push(argument);
      continue;
    }
    const [, name = '', inline] = match;
    if (!allowed.includes(name)) throw new OptionError(`unknown option '--${name}' (expected ${allowed.map((flag) => `--${flag}`).join(', ')})`);
    const value = inline ?? argv[(index += 1)];
    if (value === undefined) throw new OptionError(`--${name} needs a value`);
    flags.set(name, value);
  }
  return { files, flags };
}

function formatOf(flags: Map<string, string>, out: string | undefined): BootstrapFormat {
  const format = flags.get('format') ?? (out?.endsWith('.json') ? 'json' : 'yaml');
  if (format !== 'yaml' && format !== 'json') throw new OptionError(`--format: expected yaml or json, got '${format}'`);
  return format;
}

export async function exportCommand(argv: readonly string[]): Promise<number> {
  const { files, flags } = parseArguments(argv, ['endpoint', 'region', 'account-id', 'format', 'out']);
  if (files.length > 0) throw new OptionError(`unexpected argument '${files[0]}' (see elbow help)`);
  const out = flags.get('out');
  const format = formatOf(flags, out);
  const accountId = flags.get('account-id');
  const document = await exportBootstrapDocument({
    endpoint: parseElbowEndpoint(flags.get('endpoint') ?? DEFAULT_ENDPOINT),
    region: flags.get('region') ?? process.env.ELBOW_REGION ?? 'us-east-1',
    ...(accountId ? { accountId } : {}),
  });
  const text = formatBootstrapDocument(document, format);
  if (out) await writeFile(out, text);
  else process.stdout.write(text);
  return 0;
}

export async function importCommand(argv: readonly string[]): Promise<number> {
  const { files, flags } = parseArguments(argv, ['endpoint', 'format', 'out']);
  const endpoint = parseElbowEndpoint(flags.get('endpoint') ?? DEFAULT_ENDPOINT);
  if (files.length === 0) throw new OptionError('import needs at least one file of aws describe-* output (see elbow help)');
  const dumps = [];
  for (const fileName of files) {
    try {
      dumps.push({ fileName, text: await readFile(fileName, 'utf8') });
    } catch (error) {
      throw new BootstrapError(`${fileName}: cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  }
  const { document, notes } = importDescribeDumps(dumps);
  for (const note of notes) process.stderr.write(`elbow import: ${note}\n`);
  const out = flags.get('out');
  if (out) {
    const format = formatOf(flags, out);
    const text = formatBootstrapDocument(document, format);
    // What import writes is checked against the published schema, as `elbow start --config` will.
    loadBootstrapDocuments(text, out);
    await writeFile(out, text);
    return 0;
  }
  const source = files.join(', ');
  // The same schema check as --out and `elbow start --config`, before anything is applied.
  loadBootstrapDocuments(formatBootstrapDocument(document, 'json'), `import of ${source}`);
  await applyBootstrapDocuments([document], { endpoint, region: document.Region ?? 'us-east-1' }, {
    source,
    onChange: (change) => process.stdout.write(`${change}\n`),
  });
  return 0;
}

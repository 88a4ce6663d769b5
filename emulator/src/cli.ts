import { readFileSync } from 'node:fs';
import { EXPLAIN_USAGE, decodeCookieCommand, explainCommand } from './explain-cli.js';
import { OptionError, optionsHelp, resolveOptions } from './options.js';
import { startElbow } from './start-elbow.js';
import { BootstrapError } from '@elbow/bootstrap';
import { BOOTSTRAP_USAGE, exportCommand, importCommand } from './bootstrap-commands.js';

const USAGE = `Usage: elbow <command> [options]

Commands:
  start     Start the emulator (ELB Query APIs on one HTTP endpoint)
${BOOTSTRAP_USAGE}
  help      Show this help
${EXPLAIN_USAGE}

Options of start (flags win over environment variables):
${optionsHelp()}
`;

function version(): string {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return manifest.version;
}

async function start(argv: readonly string[]): Promise<number | undefined> {
  const options = resolveOptions(argv, process.env);
  const elbow = await startElbow(options);
  // The one line a script waits for; everything else goes to the structured log (stderr-free by default).
  process.stdout.write(`elbow ready on ${elbow.endpoint} (region ${elbow.region}, account ${elbow.accountId}, state ${elbow.storeLocation})\n`);
  await new Promise<void>((resolveStop) => {
    const shutdown = () => {
      process.off('SIGINT', shutdown);
      process.off('SIGTERM', shutdown);
      elbow.stop().then(resolveStop, resolveStop);
    };
    process.on('SIGINT', shutdown);
    process.on('SIGTERM', shutdown);
  });
  return 0;
}

/** Entry point of the `elbow` command; resolves to the process exit code. */
export async function main(argv: readonly string[]): Promise<number | undefined> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'decode-cookie':
        return await decodeCookieCommand(rest);
      case 'explain':
        return await explainCommand(rest);
      case 'start':
        return await start(rest);
      case 'import':
        return await importCommand(rest);
      case 'export':
        return await exportCommand(rest);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(USAGE);
        return 0;
      case '--version':
      case 'version':
        process.stdout.write(`${version()}\n`);
        return 0;
      default:
        process.stderr.write(`elbow: unknown command '${command}'\n\n${USAGE}`);
        return 2;
    }
  } catch (error) {
    if (error instanceof OptionError) {
      process.stderr.write(`elbow: ${error.message}\n`);
      return 2;
    }
    // A bootstrap file, dump or apply problem (issue 8): its lines name the file and resource; no stack.
    if (error instanceof BootstrapError) {
      process.stderr.write(`${error.message.split('\n').map((line) => `elbow: ${line}`).join('\n')}\n`);
      return command === 'start' ? 2 : 1;
    }
    throw error;
  }
}

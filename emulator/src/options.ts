// Every option of elbow is declared once here. The same table feeds startElbow()'s option type,
// the `elbow start` flags, the ELBOW_* environment variables and the help text (STYLE rule 9).

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

interface OptionBase {
  /** The `elbow start` flag, without its leading dashes. */
  flag: string;
  env: string;
  description: string;
}
interface StringOption extends OptionBase {
  kind: 'string';
  default: string;
  choices?: readonly string[];
}
interface IntegerOption extends OptionBase {
  kind: 'integer';
  /** undefined: the option is off unless set. */
  default: number | undefined;
  min: number;
  max: number;
}
interface BooleanOption extends OptionBase {
  kind: 'boolean';
  default: boolean;
}
type OptionDefinition = StringOption | IntegerOption | BooleanOption;

export const OPTION_DEFINITIONS = {
  host: {
    kind: 'string',
    flag: 'host',
    env: 'ELBOW_HOST',
    default: '127.0.0.1',
    description: 'Address the API endpoint binds (0.0.0.0 to accept other hosts, as in a container).',
  },
  port: {
    kind: 'integer',
    flag: 'port',
    env: 'ELBOW_PORT',
    default: 4590,
    min: 0,
    max: 65535,
    description: 'Port of the API endpoint; 0 picks a free one (the ready line names it).',
  },
  dataDir: {
    kind: 'string',
    flag: 'data-dir',
    env: 'ELBOW_DATA_DIR',
    default: '.elbow',
    description: 'Directory of the SQLite state file (elbow.sqlite); state survives restarts.',
  },
  memory: {
    kind: 'boolean',
    flag: 'memory',
    env: 'ELBOW_MEMORY',
    default: false,
    description: 'Keep state in memory only (SQLite :memory:); nothing is written to disk.',
  },
  region: {
    kind: 'string',
    flag: 'region',
    env: 'ELBOW_REGION',
    default: 'us-east-1',
    description: 'Region for requests whose signature names none.',
  },
  accountId: {
    kind: 'string',
    flag: 'account-id',
    env: 'ELBOW_ACCOUNT_ID',
    default: '123456789012',
    description: 'Account of callers whose access key id is not itself a 12-digit account id.',
  },
  listenerHost: {
    kind: 'string',
    flag: 'listener-host',
    env: 'ELBOW_LISTENER_HOST',
    default: '127.0.0.1',
    description: 'Address ALB listeners bind (0.0.0.0 to accept other hosts).',
  },
  listenerPortOffset: {
    kind: 'integer',
    flag: 'listener-port-offset',
    env: 'ELBOW_LISTENER_PORT_OFFSET',
    default: 0,
    min: 0,
    max: 65535,
    description: 'Added to every listener port (8000: a listener on 80 binds 8080, no root needed).',
  },
  gatewayPort: {
    kind: 'integer',
    flag: 'gateway-port',
    env: 'ELBOW_GATEWAY_PORT',
    default: undefined,
    min: 0,
    max: 65535,
    description: "One port for every ALB: 'Host: <dns-name>[:<listener-port>]' picks the listener (port 80 when absent); 0 picks a free port.",
  },
  cookieKeyRotationSeconds: {
    kind: 'integer',
    flag: 'cookie-key-rotation-seconds',
    env: 'ELBOW_COOKIE_KEY_ROTATION_SECONDS',
    default: 86_400,
    min: 1,
    max: 604_800,
    description: 'Age after which sticky cookies (AWSALB, AWSALBTG, AWSALBAPP) get a new key; older keys still open cookies up to their 7-day expiry.',
  },
  clockSpeed: {
    kind: 'integer',
    flag: 'clock-speed',
    env: 'ELBOW_CLOCK_SPEED',
    default: 1,
    min: 1,
    max: 1_000_000,
    description: 'Runs every health-check interval and timeout, draining delay and slow-start window N times faster (issue 5); 1 is real time.',
  },
  seed: {
    kind: 'integer',
    flag: 'seed',
    env: 'ELBOW_SEED',
    default: undefined,
    min: 0,
    max: 4_294_967_295,
    description: 'Makes every random choice (weighted target groups, weighted_random, trace ids) repeatable; off: truly random.',
  },
  config: {
    kind: 'string',
    flag: 'config',
    env: 'ELBOW_CONFIG',
    default: '',
    description: 'Bootstrap file (YAML or JSON, issue 8) whose load balancers, listeners, rules, target groups and targets exist once elbow is ready; applying it again changes nothing.',
  },
  accessLogIntervalSeconds: {
    kind: 'integer',
    flag: 'access-log-interval',
    env: 'ELBOW_ACCESS_LOG_INTERVAL',
    default: undefined,
    min: 1,
    max: 3600,
    description: "Seconds each access-log file covers (issue 7); off: AWS's intervals (5 minutes for ALBs, EmitInterval for classic). Files are also flushed at shutdown.",
  },
  s3Endpoint: {
    kind: 'string',
    flag: 's3-endpoint',
    env: 'ELBOW_S3_ENDPOINT',
    default: '',
    description: 'S3-compatible endpoint access logs are uploaded to; empty: files under <data-dir>/s3/<bucket>/.',
  },
  debugHeaders: {
    kind: 'boolean',
    flag: 'debug-headers',
    env: 'ELBOW_DEBUG_HEADERS',
    default: false,
    description: 'Add X-Elbow-Route to every data-plane answer: the rule, action, target group and target (ALB), or the instance and stickiness outcome (classic HTTP/HTTPS).',
  },
  logLevel: {
    kind: 'string',
    flag: 'log-level',
    env: 'ELBOW_LOG_LEVEL',
    default: 'warn',
    choices: LOG_LEVELS,
    description: 'Structured (pino) log level; debug writes one line per request.',
  },
} as const satisfies Record<string, OptionDefinition>;

type Definitions = typeof OPTION_DEFINITIONS;
type ValueOf<D> = D extends { kind: 'integer'; default: undefined } ? number | undefined : D extends { kind: 'integer' } ? number : D extends { kind: 'boolean' } ? boolean : string;

/** Resolved options: every option has a value. */
export type ElbowOptions = { -readonly [K in keyof Definitions]: ValueOf<Definitions[K]> } & { logLevel: LogLevel };

export class OptionError extends Error {
  override name = 'OptionError';
}

export function defaultOptions(): ElbowOptions {
  const entries = Object.entries(OPTION_DEFINITIONS).map(([key, definition]) => [key, definition.default]);
  return Object.fromEntries(entries) as ElbowOptions;
}

function convert(definition: OptionDefinition, raw: string, source: string): string | number | boolean {
  switch (definition.kind) {
    case 'boolean': {
      if (['true', '1', 'yes', ''].includes(raw)) return true;
      if (['false', '0', 'no'].includes(raw)) return false;
      throw new OptionError(`${source}: expected true or false, got '${raw}'`);
    }
    case 'integer': {
      const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
      if (!Number.isSafeInteger(value) || value < definition.min || value > definition.max) {
        throw new OptionError(`${source}: expected a whole number from ${definition.min} to ${definition.max}, got '${raw}'`);
      }
      return value;
    }
    case 'string': {
      if (definition.choices && !definition.choices.includes(raw)) {
        throw new OptionError(`${source}: expected one of ${definition.choices.join(', ')}, got '${raw}'`);
      }
      return raw;
    }
  }
}

/**
 * Defaults, then ELBOW_* environment variables, then flags (`--port 8080` or `--port=8080`,
 * `--memory`, `--no-memory`). Unknown flags are errors, so a typo never silently starts a
 * differently configured emulator.
 */
export function resolveOptions(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): ElbowOptions {
  const values: Record<string, string | number | boolean | undefined> = { ...defaultOptions() };
  const byFlag = new Map<string, [string, OptionDefinition]>();
  for (const [key, definition] of Object.entries(OPTION_DEFINITIONS) as [string, OptionDefinition][]) {
    byFlag.set(definition.flag, [key, definition]);
    const fromEnv = env[definition.env];
    if (fromEnv !== undefined && fromEnv !== '') values[key] = convert(definition, fromEnv, definition.env);
  }
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index] ?? '';
    const match = /^--([a-z][a-z0-9-]*)(?:=(.*))?$/s.exec(argument);
    if (!match) throw new OptionError(`unexpected argument '${argument}' (see elbow --help)`);
    const [, name = '', inline] = match;
    const negated = name.startsWith('no-') && byFlag.get(name.slice(3))?.[1].kind === 'boolean';
    const entry = byFlag.get(negated ? name.slice(3) : name);
    if (!entry) throw new OptionError(`unknown option '--${name}' (see elbow --help)`);
    const [key, definition] = entry;
    if (definition.kind === 'boolean') {
      values[key] = negated ? false : convert(definition, inline ?? 'true', `--${name}`);
      continue;
    }
    let raw = inline;
    if (raw === undefined) {
      raw = argv[index + 1];
      index += 1;
      if (raw === undefined) throw new OptionError(`--${name} needs a value`);
    }
    values[key] = convert(definition, raw, `--${name}`);
  }
  return values as ElbowOptions;
}

export function optionsHelp(): string {
  const lines = Object.values(OPTION_DEFINITIONS as Record<string, OptionDefinition>).map((definition) => {
    const flag = definition.kind === 'boolean' ? `--${definition.flag}` : `--${definition.flag} <value>`;
    return `  ${flag.padEnd(24)} ${definition.description}\n  ${''.padEnd(24)} env ${definition.env}, default ${definition.default === undefined ? 'off' : JSON.stringify(definition.default)}`;
  });
  return lines.join('\n');
}

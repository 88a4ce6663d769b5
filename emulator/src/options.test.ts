import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { OPTION_DEFINITIONS, OptionError, defaultOptions, optionsHelp, resolveOptions } from './options.js';

describe('resolveOptions', () => {
  it('starts from the defaults: loopback, a file store under .elbow, us-east-1', () => {
    expect(resolveOptions([], {})).toEqual(defaultOptions());
    expect(defaultOptions()).toMatchObject({ host: '127.0.0.1', dataDir: '.elbow', memory: false, region: 'us-east-1' });
  });

  it('reads ELBOW_* variables and lets flags win over them', () => {
    const options = resolveOptions(['--port', '9000', '--region=eu-west-1'], { ELBOW_PORT: '8000', ELBOW_REGION: 'us-west-2', ELBOW_MEMORY: 'true' });
    expect(options).toMatchObject({ port: 9000, region: 'eu-west-1', memory: true });
  });

  it('takes boolean flags bare, negated, or with a value', () => {
    expect(resolveOptions(['--memory'], {}).memory).toBe(true);
    expect(resolveOptions(['--no-memory'], { ELBOW_MEMORY: '1' }).memory).toBe(false);
    expect(resolveOptions(['--memory=false'], {}).memory).toBe(false);
  });

  it.each([
    [['--port', '70000'], "--port: expected a whole number from 0 to 65535, got '70000'"],
    [['--port', '-1'], "--port: expected a whole number from 0 to 65535, got '-1'"],
    [['--port'], '--port needs a value'],
    [['--log-level', 'loud'], "--log-level: expected one of fatal, error, warn, info, debug, trace, silent, got 'loud'"],
    [['--prot', '80'], "unknown option '--prot' (see elbow --help)"],
    [['start'], "unexpected argument 'start' (see elbow --help)"],
  ])('refuses %j with a message naming the problem', (argv, message) => {
    expect(() => resolveOptions(argv, {})).toThrow(new OptionError(message));
  });

  it('leaves the gateway port off unless set, and reads it like the other ports', () => {
    expect(defaultOptions().gatewayPort).toBeUndefined();
    expect(resolveOptions(['--gateway-port', '0', '--listener-port-offset=8000'], { ELBOW_LISTENER_HOST: '0.0.0.0' })).toMatchObject({
      gatewayPort: 0,
      listenerPortOffset: 8000,
      listenerHost: '0.0.0.0',
    });
  });

  it('refuses a bad environment value, naming the variable', () => {
    expect(() => resolveOptions([], { ELBOW_MEMORY: 'maybe' })).toThrow("ELBOW_MEMORY: expected true or false, got 'maybe'");
  });

  it('documents every flag with its variable and default', () => {
    const help = optionsHelp();
    for (const flag of ['--host', '--port', '--data-dir', '--memory', '--region', '--account-id', '--listener-host', '--listener-port-offset', '--gateway-port', '--log-level']) {
      expect(help).toContain(flag);
    }
    expect(help).toContain('env ELBOW_GATEWAY_PORT, default off');
    expect(help).toContain('env ELBOW_DATA_DIR, default ".elbow"');
  });
});

describe('time control options (issue 5)', () => {
  it('runs at real speed with true randomness unless told otherwise', () => {
    expect(defaultOptions()).toMatchObject({ clockSpeed: 1, seed: undefined });
  });

  it('takes --clock-speed and --seed from flags or ELBOW_* variables', () => {
    expect(resolveOptions(['--clock-speed', '100'], { ELBOW_SEED: '42' })).toMatchObject({ clockSpeed: 100, seed: 42 });
    expect(() => resolveOptions(['--clock-speed', '0'], {})).toThrow(new OptionError("--clock-speed: expected a whole number from 1 to 1000000, got '0'"));
  });
});

describe('access-log options (issue 7)', () => {
  it('takes flags with digits in their names (--s3-endpoint) and --access-log-interval', () => {
    expect(resolveOptions(['--s3-endpoint', 'http://127.0.0.1:5000', '--access-log-interval=2'], {})).toMatchObject({ s3Endpoint: 'http://127.0.0.1:5000', accessLogIntervalSeconds: 2 });
    expect(() => resolveOptions(['--3d'], {})).toThrow(new OptionError("unexpected argument '--3d' (see elbow --help)"));
  });
});

describe('the README options table', () => {
  it('lists every option with its flag and environment variable, so the docs never fall behind the table above', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const rows = readme.split('\n').filter((line) => line.startsWith('| `--'));
    for (const definition of Object.values(OPTION_DEFINITIONS)) {
      expect(rows.some((row) => row.startsWith(`| \`--${definition.flag}\` | \`${definition.env}\` |`)), `--${definition.flag}`).toBe(true);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { runExample } from './run-example.js';

/** The lines of one `== <title>` section of the example's output, without the title. */
function section(stdout: string, title: string): string[] {
  const start = stdout.indexOf(`== ${title}`);
  expect(start, `no section "${title}" in:\n${stdout}`).toBeGreaterThan(-1);
  const end = stdout.indexOf('\n== ', start + 1);
  return stdout
    .slice(start, end === -1 ? undefined : end)
    .split('\n')
    .slice(1)
    .filter((line) => line.trim() !== '');
}

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';

// Example 02 (examples/02-access-log-investigation/investigate.mjs) run as its README says.
describe('example 02: the app-cookie investigation from access logs', () => {
  it('prints each client IP on exactly one target:port, read from files named as AWS names them', { timeout: 120_000 }, async () => {
    const { stdout, stderr, exitCode } = await runExample(process.execPath, ['examples/02-access-log-investigation/investigate.mjs']);
    expect(exitCode, stdout + stderr).toBe(0);

    // AWS's key for ALB logs (access-logs.md §1 [D1]): the date folders and the end time name the same UTC day.
    const files = section(stdout, 'log files found');
    expect(files.length).toBeGreaterThan(0);
    const layout = new RegExp(
      `^shop/web/AWSLogs/${ACCOUNT}/elasticloadbalancing/${REGION}/(\\d{4})/(\\d{2})/(\\d{2})/${ACCOUNT}_elasticloadbalancing_${REGION}_app\\.shop\\.[0-9a-f]{16}_(\\d{8})T\\d{4}Z_127\\.0\\.0\\.1_[a-z0-9]{8}\\.log\\.gz$`,
    );
    for (const file of files) {
      const match = layout.exec(file);
      expect(match, file).not.toBeNull();
      expect(`${match?.[1]}${match?.[2]}${match?.[3]}`).toBe(match?.[4]);
    }

    const [header, ...rows] = section(stdout, 'per-client target table');
    expect(header?.split(/\s+/)).toEqual(['client', 'ip', 'requests', 'target:port', 'sticky']);
    const table = rows.filter((line) => /^127\./.test(line)).map((line) => line.split(/\s+/));
    // Five clients (127.0.0.2 .. 127.0.0.6), six requests each, every one on one target:port.
    expect(table.map(([clientIp]) => clientIp)).toEqual(['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5', '127.0.0.6']);
    for (const [clientIp, requests, targets, sticky] of table) {
      expect(requests, clientIp).toBe('6');
      expect(targets, clientIp).toMatch(/^127\.0\.0\.1:\d+$/);
      expect(sticky, clientIp).toBe('yes');
    }
    // Round robin gave the five new sessions more than one of the three apps.
    const appPorts = section(stdout, 'start elbow').flatMap((line) => /^app-\d: (127\.0\.0\.1:\d+)$/.exec(line)?.[1] ?? []);
    expect(appPorts).toHaveLength(3);
    const used = new Set(table.map(([, , targets]) => targets));
    expect(used.size).toBeGreaterThan(1);
    for (const target of used) expect(appPorts).toContain(target);
  });
});

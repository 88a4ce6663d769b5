import { randomInt } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { hasAwsCli } from '../support/aws-cli.js';
import { runExample, type ExampleRun } from './run-example.js';

const hasCurl = (() => {
  try {
    execFileSync('curl', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** The lines of one `== <title>` section of the walkthrough's output. */
function section(stdout: string, title: string): string[] {
  const start = stdout.indexOf(`== ${title}`);
  expect(start, `no section "${title}" in:\n${stdout}`).toBeGreaterThan(-1);
  const end = stdout.indexOf('\n== ', start + 1);
  return stdout.slice(start, end === -1 ? undefined : end).split('\n');
}
const answeredBy = (lines: string[]) => lines.flatMap((line) => /^answered by (app-[ab]) /.exec(line)?.[1] ?? []);
/** The value of the cookie `name` set by one of the lines. */
const cookieValue = (lines: string[], name: string) => lines.flatMap((line) => new RegExp(`^Set-Cookie: ${name}=([^;]*)`, 'i').exec(line)?.[1] ?? [])[0];

// Example 04 (examples/04-classic-elb/walkthrough.sh) run as its README says.
describe.skipIf(!hasAwsCli || !hasCurl)('example 04: classic ELB walkthrough with the AWS CLI', () => {
  it('shows both instances InService, AWSELB with MAX-AGE for the duration policy and following APPSESSION for the app policy', { timeout: 180_000 }, async () => {
    let run: ExampleRun | undefined;
    // A listener port taken on this machine makes the script stop with exit code 3 before any
    // traffic: it is run again on another one (the port is bound by elbow itself, never probed).
    for (let attempt = 0; attempt < 5 && (run === undefined || run.exitCode === 3); attempt++) {
      run = await runExample('bash', ['examples/04-classic-elb/walkthrough.sh'], { LISTENER_PORT: String(randomInt(20_000, 60_000)) });
    }
    const { stdout, stderr, exitCode } = run as ExampleRun;
    expect(exitCode, stdout + stderr).toBe(0);

    const health = section(stdout, 'describe-instance-health').filter((line) => line.startsWith('i-'));
    expect(health).toHaveLength(2);
    for (const line of health) expect(line).toMatch(/^i-[0-9a-f]{17}\tInService\tN\/A$/);

    const spread = answeredBy(section(stdout, 'no stickiness policy'));
    expect(spread).toHaveLength(4);
    expect(new Set(spread)).toEqual(new Set(['app-a', 'app-b']));

    // classic-elb.md §3 [G8]: no space after `;`, upper-case attributes, MAX-AGE = CookieExpirationPeriod.
    const duration = section(stdout, 'duration-based stickiness');
    const durationValue = cookieValue(duration, 'AWSELB');
    expect(durationValue).toMatch(/^[0-9A-F]+$/);
    expect(duration).toContain(`Set-Cookie: AWSELB=${durationValue};PATH=/;MAX-AGE=60`);
    expect(duration).toContain(`Set-Cookie: AWSELBCORS=${durationValue};PATH=/;MAX-AGE=60;SECURE;SAMESITE=None`);
    const durationAnswers = answeredBy(duration);
    expect(durationAnswers).toHaveLength(5);
    expect(new Set(durationAnswers).size).toBe(1);

    // The AWSELB of an application-controlled policy comes with a new app cookie and copies its
    // attributes (Path=/, no Max-Age) [D2].
    const app = section(stdout, 'application-controlled stickiness');
    const appValue = cookieValue(app, 'AWSELB');
    expect(appValue).toMatch(/^[0-9A-F]+$/);
    expect(appValue).not.toBe(durationValue);
    expect(app).toContainEqual(expect.stringMatching(/^set-cookie: APPSESSION=app-[ab]-session-\d+; Path=\/$/i));
    expect(app).toContain(`Set-Cookie: AWSELB=${appValue};PATH=/`);
    expect(app).toContain(`Set-Cookie: AWSELBCORS=${appValue};PATH=/;SECURE;SAMESITE=None`);
    const session = /APPSESSION=(app-[ab])-session/.exec(app.join('\n'))?.[1];
    const appAnswers = answeredBy(app);
    expect(appAnswers).toEqual([session, session, session, session, session]);

    const described = section(stdout, 'describe-load-balancers');
    const json = JSON.parse(described.slice(1).join('\n')) as unknown;
    expect(json).toMatchObject({
      ListenerDescriptions: [{ Listener: { Protocol: 'HTTP', InstanceProtocol: 'HTTP' }, PolicyNames: ['follow-appsession'] }],
      Policies: {
        AppCookieStickinessPolicies: [{ PolicyName: 'follow-appsession', CookieName: 'APPSESSION' }],
        LBCookieStickinessPolicies: [{ PolicyName: 'sticky-60s', CookieExpirationPeriod: 60 }],
        OtherPolicies: [],
      },
    });
  });
});

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
  const end = stdout.indexOf('\n== ', start + 1);
  return stdout.slice(start, end === -1 ? undefined : end).split('\n');
}
const answeredBy = (lines: string[]) => lines.flatMap((line) => /^answered by (app-[ab]) /.exec(line)?.[1] ?? []);

// Example 01 (examples/01-alb-stickiness/walkthrough.sh) run as its README says.
describe.skipIf(!hasAwsCli || !hasCurl)('example 01: ALB stickiness walkthrough with the AWS CLI', () => {
  it('shows round robin, then lb_cookie and app_cookie cookies keeping a client on one app', { timeout: 180_000 }, async () => {
    let run: ExampleRun | undefined;
    // A listener port taken on this machine makes the script stop with exit code 3 before any
    // traffic: it is run again on another one (the port is bound by elbow itself, never probed).
    for (let attempt = 0; attempt < 5 && (run === undefined || run.exitCode === 3); attempt++) {
      run = await runExample('bash', ['examples/01-alb-stickiness/walkthrough.sh'], { LISTENER_PORT: String(randomInt(20_000, 60_000)) });
    }
    const { stdout, stderr, exitCode } = run as ExampleRun;
    expect(exitCode, stdout + stderr).toBe(0);

    const roundRobin = answeredBy(section(stdout, 'no stickiness'));
    expect(roundRobin).toHaveLength(4);
    expect(new Set(roundRobin)).toEqual(new Set(['app-a', 'app-b']));

    const lbCookie = section(stdout, 'lb_cookie stickiness');
    expect(lbCookie).toContainEqual(expect.stringMatching(/^Set-Cookie: AWSALB=[A-Za-z0-9+/=]+; Expires=.+ GMT; Path=\/$/));
    expect(lbCookie).toContainEqual(expect.stringMatching(/^Set-Cookie: AWSALBCORS=[A-Za-z0-9+/=]+; Expires=.+ GMT; Path=\/; SameSite=None$/));
    const lbAnswers = answeredBy(lbCookie);
    expect(lbAnswers).toHaveLength(5);
    expect(new Set(lbAnswers).size).toBe(1);

    const appCookie = section(stdout, 'app_cookie stickiness');
    expect(appCookie).toContainEqual(expect.stringMatching(/^set-cookie: APPSESSION=app-[ab]-session-\d+; Path=\/$/i));
    expect(appCookie).toContainEqual(expect.stringMatching(/^Set-Cookie: AWSALBAPP-0=[A-Za-z0-9+/=]+; Expires=.+ GMT; Path=\/$/));
    const appAnswers = answeredBy(appCookie);
    expect(appAnswers).toHaveLength(5);
    expect(new Set(appAnswers).size).toBe(1);
  });
});

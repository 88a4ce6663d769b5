import { randomBytes } from 'node:crypto';
import type { elbv2 } from '@elbow/api-models';
import {
  openAppCookie,
  openTargetCookie,
  openTargetGroupCookie,
  parseCookieHeader,
  sealTargetCookie,
  sealTargetGroupCookie,
} from '@elbow/cookies';
import type { CookieKeyRing } from '@elbow/cookies';
import { describe, expect, it } from 'vitest';
import { chooseTarget } from './choose-target.js';
import { chooseTargetGroup } from './choose-target-group.js';
import type { TargetGroupRoute, TargetRoute } from './routing-config.js';
import { isRoutable, routeSticky, stickyResponseCookies, stickySessionKey } from './sticky-routing.js';
import type { StickyRoute, StickyRoutingInput } from './sticky-routing.js';

const NOW_MS = Date.UTC(2024, 9, 2, 21, 55, 48, 250);
const NOW_SECONDS = Math.floor(NOW_MS / 1000);
const keyRing: CookieKeyRing = { currentKeyId: 3, keys: new Map([[3, new Uint8Array(randomBytes(32))]]) };
const otherRing: CookieKeyRing = { currentKeyId: 3, keys: new Map([[3, new Uint8Array(randomBytes(32))]]) };

const arn = (name: string) => `arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/${name}/0123456789abcdef`;
const target = (port: number, overrides: Partial<TargetRoute> = {}): TargetRoute => ({
  id: '127.0.0.1',
  port,
  host: '127.0.0.1',
  availabilityZone: 'all',
  isRoutable: true,
  ...overrides,
});

function group(name: string, attributes: Record<string, string>, targets = [target(8001), target(8002), target(8003)]): TargetGroupRoute {
  return {
    arn: arn(name),
    name,
    protocol: 'HTTP',
    port: 80,
    targetType: 'ip',
    attributes: new Map(Object.entries({ 'stickiness.enabled': 'false', 'stickiness.type': 'lb_cookie', ...attributes })),
    targets,
  };
}

const LB_COOKIE = { 'stickiness.enabled': 'true', 'stickiness.type': 'lb_cookie', 'stickiness.lb_cookie.duration_seconds': '60' };
const APP_COOKIE = {
  'stickiness.enabled': 'true',
  'stickiness.type': 'app_cookie',
  'stickiness.app_cookie.cookie_name': 'APP_SESSION_ID',
  'stickiness.app_cookie.duration_seconds': '60',
};

/** A balancer like the proxy's: round robin per group with a cursor, weights by a fixed random. */
function balancer(random = 0.5) {
  const cursors = new Map<string, number>();
  const calls = { groups: 0, targets: 0 };
  return {
    calls,
    chooseTargetGroup: (tuples: readonly elbv2.TargetGroupTuple[]) => {
      calls.groups++;
      return chooseTargetGroup(tuples, () => random);
    },
    chooseTarget: (tg: TargetGroupRoute) => {
      calls.targets++;
      const choice = chooseTarget({ algorithm: 'round_robin', targets: tg.targets.filter(isRoutable), cursor: cursors.get(tg.arn) ?? 0 });
      if (choice !== undefined) cursors.set(tg.arn, choice.cursor);
      return choice?.target;
    },
  };
}

type Setup = {
  groups: TargetGroupRoute[];
  tuples?: elbv2.TargetGroupTuple[];
  groupStickiness?: elbv2.TargetGroupStickinessConfig;
  cookie?: string;
  nowMs?: number;
  balance?: ReturnType<typeof balancer>;
  ring?: CookieKeyRing;
};

function route(setup: Setup): StickyRoute & { balance: ReturnType<typeof balancer> } {
  const balance = setup.balance ?? balancer();
  const input: StickyRoutingInput = {
    cookies: parseCookieHeader(setup.cookie),
    tuples: setup.tuples ?? setup.groups.slice(0, 1).map((tg) => ({ TargetGroupArn: tg.arn, Weight: 1 })),
    groupStickiness: setup.groupStickiness,
    targetGroups: new Map(setup.groups.map((tg) => [tg.arn, tg])),
    nowMs: setup.nowMs ?? NOW_MS,
    keyRing: setup.ring ?? keyRing,
    chooseTargetGroup: balance.chooseTargetGroup,
    chooseTarget: balance.chooseTarget,
  };
  return { ...routeSticky(input), balance };
}

function respond(routed: StickyRoute, options: { setCookies?: string[]; isHttps?: boolean; userAgent?: string } = {}) {
  return stickyResponseCookies({
    plan: routed.plan,
    responseSetCookies: options.setCookies ?? [],
    isHttps: options.isHttps ?? false,
    userAgent: options.userAgent,
    keyRing,
    randomBytes,
  });
}

/** The Cookie header a browser sends back after these Set-Cookie lines. */
const cookieHeader = (lines: readonly string[], extra: string[] = []) =>
  [...lines.map((line) => line.split(';', 1)[0]), ...extra].join('; ');
const valueOf = (lines: readonly string[], name: string) =>
  lines.map((line) => line.split(';', 1)[0] ?? '').find((pair) => pair.startsWith(`${name}=`))?.slice(name.length + 1);

const EXPIRES = 'Expires=Wed, 09 Oct 2024 21:55:48 GMT; Path=/';

describe('routeSticky: target-group stickiness (AWSALBTG)', () => {
  const blue = group('blue', {});
  const green = group('green', {});
  const tuples = (blueWeight: number, greenWeight: number) => [
    { TargetGroupArn: blue.arn, Weight: blueWeight },
    { TargetGroupArn: green.arn, Weight: greenWeight },
  ];
  const sticky = { Enabled: true, DurationSeconds: 3600 };
  const groupCookie = (tg: TargetGroupRoute, stickySinceSeconds = NOW_SECONDS - 10, ring = keyRing) =>
    sealTargetGroupCookie({ targetGroupId: tg.arn, issuedAtSeconds: stickySinceSeconds, stickySinceSeconds }, ring, randomBytes);

  it('without group stickiness follows the weights and writes no group cookie', () => {
    const routed = route({ groups: [blue, green], tuples: tuples(0, 100), cookie: `AWSALBTG=${groupCookie(blue)}` });
    expect(routed.targetGroup).toBe(green);
    expect(routed.groupReason).toBe('off');
    expect(respond(routed)).toEqual([]);
  });

  it('without a cookie follows the weights and pins the chosen group with AWSALBTG and AWSALBTGCORS', () => {
    const routed = route({ groups: [blue, green], tuples: tuples(100, 0), groupStickiness: sticky });
    expect(routed.targetGroup).toBe(blue);
    expect(routed.groupReason).toBe('fresh');
    const lines = respond(routed, { isHttps: true });
    const value = valueOf(lines, 'AWSALBTG') ?? '';
    expect(lines).toEqual([`AWSALBTG=${value}; ${EXPIRES}`, `AWSALBTGCORS=${value}; ${EXPIRES}; SameSite=None; Secure`]);
    expect(openTargetGroupCookie(value, keyRing)).toEqual({
      targetGroupId: blue.arn,
      issuedAtSeconds: NOW_SECONDS,
      stickySinceSeconds: NOW_SECONDS,
    });
  });

  it('keeps a pinned client on its group after the weights moved to 0, its window not extended', () => {
    const since = NOW_SECONDS - 100;
    const routed = route({ groups: [blue, green], tuples: tuples(0, 100), groupStickiness: sticky, cookie: `AWSALBTG=${groupCookie(blue, since)}` });
    expect(routed.targetGroup).toBe(blue);
    expect(routed.groupReason).toBe('cookie');
    expect(routed.balance.calls.groups).toBe(0);
    const value = valueOf(respond(routed), 'AWSALBTG') ?? '';
    expect(openTargetGroupCookie(value, keyRing)).toEqual({ targetGroupId: blue.arn, issuedAtSeconds: NOW_SECONDS, stickySinceSeconds: since });
  });

  it('reads the CORS twin alone (a cross-site request)', () => {
    const routed = route({ groups: [blue, green], tuples: tuples(0, 100), groupStickiness: sticky, cookie: `AWSALBTGCORS=${groupCookie(blue)}` });
    expect(routed.targetGroup).toBe(blue);
  });

  it.each([
    ['expired duration', () => `AWSALBTG=${groupCookie(blue, NOW_SECONDS - 3600)}`],
    ['sealed with an unknown key', () => `AWSALBTG=${groupCookie(blue, NOW_SECONDS - 10, otherRing)}`],
    ['tampered', () => `AWSALBTG=${groupCookie(blue).replace(/^./, (c) => (c === 'A' ? 'B' : 'A'))}`],
    ['garbage', () => 'AWSALBTG=%%%not-base64%%%'],
    ['oversized', () => `AWSALBTG=${'A'.repeat(20_000)}`],
    ['naming a group outside this forward', () => `AWSALBTG=${groupCookie(group('other', {}))}`],
  ])('a %s AWSALBTG falls back to the weights and is replaced', (_, cookie) => {
    const routed = route({ groups: [blue, green], tuples: tuples(0, 100), groupStickiness: sticky, cookie: cookie() });
    expect(routed.targetGroup).toBe(green);
    expect(routed.groupReason).toBe('fresh');
    expect(openTargetGroupCookie(valueOf(respond(routed), 'AWSALBTG') ?? '', keyRing)?.targetGroupId).toBe(green.arn);
  });

  it('falls back to the weights when the pinned group is gone from the snapshot', () => {
    const routed = route({ groups: [green], tuples: tuples(0, 100), groupStickiness: sticky, cookie: `AWSALBTG=${groupCookie(blue)}` });
    expect(routed.targetGroup).toBe(green);
  });

  it('answers no group when every weight is 0 and nothing is pinned; no cookie is written', () => {
    const routed = route({ groups: [blue, green], tuples: tuples(0, 0), groupStickiness: sticky });
    expect(routed).toMatchObject({ targetGroup: undefined, target: undefined });
    expect(respond(routed)).toEqual([]);
  });
});

describe('routeSticky: duration-based stickiness (AWSALB)', () => {
  const tg = group('web', LB_COOKIE);
  const targetCookie = (t: TargetRoute, options: { tg?: TargetGroupRoute; since?: number; ring?: CookieKeyRing } = {}) =>
    sealTargetCookie(
      {
        targetGroupId: (options.tg ?? tg).arn,
        targetId: t.id,
        port: t.port,
        issuedAtSeconds: options.since ?? NOW_SECONDS - 10,
        stickySinceSeconds: options.since ?? NOW_SECONDS - 10,
      },
      options.ring ?? keyRing,
      randomBytes,
    );

  it('chooses by the algorithm without a cookie and writes AWSALB then AWSALBCORS, same value, AWS format', () => {
    const routed = route({ groups: [tg] });
    expect(routed.target).toEqual(target(8001));
    expect(routed.targetReason).toBe('fresh');
    const lines = respond(routed);
    const value = valueOf(lines, 'AWSALB') ?? '';
    expect(value).toMatch(/^[A-Za-z0-9+/]+$/);
    expect(lines).toEqual([`AWSALB=${value}; ${EXPIRES}`, `AWSALBCORS=${value}; ${EXPIRES}; SameSite=None`]);
    expect(openTargetCookie(value, keyRing)).toEqual({
      targetGroupId: tg.arn,
      targetId: '127.0.0.1',
      port: 8001,
      issuedAtSeconds: NOW_SECONDS,
      stickySinceSeconds: NOW_SECONDS,
    });
  });

  it('a client keeping its cookies stays on its target while others rotate', () => {
    const balance = balancer();
    let lines = respond(route({ groups: [tg], balance }));
    const seen = new Set<number>();
    for (let request = 0; request < 30; request++) {
      const routed = route({ groups: [tg], balance, cookie: cookieHeader(lines), nowMs: NOW_MS + request * 1000 });
      expect(routed.targetReason).toBe('cookie');
      seen.add(routed.target?.port ?? 0);
      lines = respond(routed);
    }
    expect([...seen]).toEqual([8001]);
    expect([1, 2, 3].map(() => route({ groups: [tg], balance }).target?.port)).toEqual([8002, 8003, 8001]);
  });

  it('slides the window: each response restarts the duration', () => {
    let lines = respond(route({ groups: [tg] }));
    for (let step = 1; step <= 3; step++) {
      const routed = route({ groups: [tg], cookie: cookieHeader(lines), nowMs: NOW_MS + step * 50_000 });
      expect(routed.targetReason).toBe('cookie');
      lines = respond(routed);
    }
  });

  it('reads AWSALBCORS alone', () => {
    expect(route({ groups: [tg], cookie: `AWSALBCORS=${targetCookie(target(8003))}` }).target?.port).toBe(8003);
  });

  it.each([
    ['expired duration', () => `AWSALB=${targetCookie(target(8003), { since: NOW_SECONDS - 60 })}`],
    ['older than the 7-day cookie', () => `AWSALB=${targetCookie(target(8003), { since: NOW_SECONDS - 8 * 86_400 })}`],
    ['from the future', () => `AWSALB=${targetCookie(target(8003), { since: NOW_SECONDS + 60 })}`],
    ['of another target group', () => `AWSALB=${targetCookie(target(8003), { tg: group('other', LB_COOKIE) })}`],
    ['naming a deregistered target', () => `AWSALB=${targetCookie(target(9999))}`],
    ['sealed with a deleted key', () => `AWSALB=${targetCookie(target(8003), { ring: otherRing })}`],
    ['sealed as another kind', () => `AWSALB=${valueOf(respond(route({ groups: [group('b', {}), group('g', {})], groupStickiness: { Enabled: true, DurationSeconds: 60 } })), 'AWSALBTG')}`],
    ['tampered', () => `AWSALB=${targetCookie(target(8003)).slice(0, -2)}AA`],
    ['URL-encoded', () => `AWSALB=${encodeURIComponent(targetCookie(target(8003)) + '+/')}`],
    ['garbage', () => 'AWSALB=<script>alert(1)</script>'],
    ['empty', () => 'AWSALB='],
    ['oversized', () => `AWSALB=${'Q'.repeat(8192)}`],
  ])('a %s AWSALB gets a fresh choice and a fresh cookie', (_, cookie) => {
    const routed = route({ groups: [tg], cookie: cookie() });
    expect(routed.targetReason).toBe('fresh');
    expect(routed.target?.port).toBe(8001);
    expect(openTargetCookie(valueOf(respond(routed), 'AWSALB') ?? '', keyRing)?.port).toBe(8001);
  });

  it('20 AWSALB cookies: the first one counts, the rest are ignored', () => {
    const cookie = [targetCookie(target(8002)), ...Array.from({ length: 19 }, (_, i) => `junk${i}`)].map((v) => `AWSALB=${v}`).join('; ');
    expect(route({ groups: [tg], cookie }).target?.port).toBe(8002);
    const junkFirst = [...Array.from({ length: 19 }, (_, i) => `junk${i}`), targetCookie(target(8002))].map((v) => `AWSALB=${v}`).join('; ');
    expect(route({ groups: [tg], cookie: junkFirst }).targetReason).toBe('fresh');
  });

  it.each([
    ['not routable', { isRoutable: false }],
    ['unreachable over HTTP', { host: undefined }],
  ])('a cookie naming a target that is %s fails over, and the session stays on the new target', (_, change) => {
    const balance = balancer();
    const down = group('web', LB_COOKIE, [target(8001, change), target(8002), target(8003)]);
    const routed = route({ groups: [down], balance, cookie: `AWSALB=${targetCookie(target(8001))}` });
    expect(routed.targetReason).toBe('fresh');
    expect(routed.target?.port).toBe(8002);
    const lines = respond(routed);
    // The old target is back: the cookie names the new one, which keeps the session.
    expect(route({ groups: [tg], balance, cookie: cookieHeader(lines) }).target?.port).toBe(8002);
  });

  it('no routable target: no target and no cookie (the proxy answers 503)', () => {
    const empty = group('web', LB_COOKIE, []);
    const routed = route({ groups: [empty], cookie: `AWSALB=${targetCookie(target(8001))}` });
    expect(routed).toMatchObject({ targetGroup: empty, target: undefined });
    expect(respond(routed)).toEqual([]);
  });

  it('writes both group and target cookies, group first, over HTTPS with Secure on the twins', () => {
    const other = group('other', LB_COOKIE);
    const routed = route({
      groups: [tg, other],
      tuples: [{ TargetGroupArn: tg.arn, Weight: 1 }, { TargetGroupArn: other.arn, Weight: 0 }],
      groupStickiness: { Enabled: true, DurationSeconds: 60 },
    });
    const names = respond(routed, { isHttps: true }).map((line) => [line.split('=', 1)[0], line.endsWith('; Secure')]);
    expect(names).toEqual([['AWSALBTG', false], ['AWSALBTGCORS', true], ['AWSALB', false], ['AWSALBCORS', true]]);
  });

  it('stickiness disabled: the algorithm decides and nothing is written, even with a valid cookie', () => {
    const off = group('web', { ...LB_COOKIE, 'stickiness.enabled': 'false' });
    const routed = route({ groups: [off], cookie: `AWSALB=${targetCookie(target(8003))}` });
    expect(routed).toMatchObject({ targetReason: 'off', target: target(8001) });
    expect(respond(routed)).toEqual([]);
  });
});

describe('routeSticky: application-based stickiness (AWSALBAPP)', () => {
  const tg = group('app', APP_COOKIE);
  const REMOVED = [0, 1, 2, 3].map((n) => `AWSALBAPP-${n}=_remove_; ${EXPIRES}`);

  /** First request, the target sets APP_SESSION_ID; returns the client's cookies afterwards. */
  function startSession(balance = balancer(), appValue = 'abc123') {
    const routed = route({ groups: [tg], balance });
    const lines = respond(routed, { setCookies: [`APP_SESSION_ID=${appValue}; Path=/; HttpOnly`] });
    return { routed, lines, cookie: cookieHeader(lines, [`APP_SESSION_ID=${appValue}`]) };
  }

  it('writes all four fragments as _remove_ until the target sets its cookie', () => {
    const routed = route({ groups: [tg] });
    expect(routed.targetReason).toBe('fresh');
    expect(respond(routed, { setCookies: ['OTHER=1'] })).toEqual(REMOVED);
  });

  it('issues AWSALBAPP-0 for the target that set the app cookie, -1..3 _remove_', () => {
    const { routed, lines } = startSession();
    const value = valueOf(lines, 'AWSALBAPP-0') ?? '';
    expect(value).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    expect(lines).toEqual([`AWSALBAPP-0=${value}; ${EXPIRES}`, ...REMOVED.slice(1)]);
    expect(openAppCookie(parseCookieHeader(cookieHeader(lines)), keyRing)?.entries).toEqual([
      { targetGroupId: tg.arn, targetId: '127.0.0.1', port: routed.target?.port, appCookieName: 'APP_SESSION_ID', appCookieValue: 'abc123', stickySinceSeconds: NOW_SECONDS },
    ]);
  });

  it('adds SameSite=None; Secure to the fragments for Chromium 80+ only', () => {
    const routed = route({ groups: [tg] });
    const chrome = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
    expect(respond(routed, { userAgent: chrome })).toEqual(REMOVED.map((line) => `${line}; SameSite=None; Secure`));
    expect(respond(routed, { userAgent: 'curl/8.5.0', isHttps: true })).toEqual(REMOVED);
  });

  it('keeps a client with both cookies on its target, re-issuing the cookie on responses without the app cookie', () => {
    const balance = balancer();
    let { cookie } = startSession(balance);
    for (let request = 1; request <= 30; request++) {
      const routed = route({ groups: [tg], balance, cookie, nowMs: NOW_MS + request * 30_000 });
      expect(routed).toMatchObject({ targetReason: 'cookie', target: target(8001) });
      const lines = respond(routed);
      expect(valueOf(lines, 'AWSALBAPP-0')).not.toBe('_remove_');
      cookie = cookieHeader(lines, ['APP_SESSION_ID=abc123']);
    }
    expect(balance.calls.targets).toBe(1);
  });

  it('shards a large app cookie over several fragments and still routes', () => {
    const { lines, cookie } = startSession(balancer(), 'x'.repeat(5000));
    expect(lines.map((line) => line.endsWith('_remove_; ' + EXPIRES))).toEqual([false, false, true, true]);
    expect(route({ groups: [tg], cookie, balance: balancer() })).toMatchObject({ targetReason: 'cookie', target: target(8001) });
  });

  it('a client that drops the app cookie is balanced afresh', () => {
    const balance = balancer();
    const { lines } = startSession(balance);
    const routed = route({ groups: [tg], balance, cookie: cookieHeader(lines) });
    expect(routed).toMatchObject({ targetReason: 'fresh', target: target(8002) });
    expect(respond(routed)).toEqual(REMOVED);
  });

  it('an expired duration is balanced afresh', () => {
    const balance = balancer();
    const { cookie } = startSession(balance);
    const routed = route({ groups: [tg], balance, cookie, nowMs: NOW_MS + 61_000 });
    expect(routed).toMatchObject({ targetReason: 'fresh', target: target(8002) });
  });

  it('a renamed app cookie ends the session', () => {
    const { cookie } = startSession();
    const renamed = group('app', { ...APP_COOKIE, 'stickiness.app_cookie.cookie_name': 'OTHER' });
    expect(route({ groups: [renamed], cookie: `${cookie}; OTHER=1` }).targetReason).toBe('fresh');
  });

  it('fails over to a new target that keeps the session even when the old one comes back', () => {
    const balance = balancer();
    const { cookie } = startSession(balance);
    const down = group('app', APP_COOKIE, [target(8001, { isRoutable: false }), target(8002), target(8003)]);
    const failedOver = route({ groups: [down], balance, cookie });
    // Round robin over the two routable targets, cursor at 1: 8003.
    expect(failedOver).toMatchObject({ targetReason: 'fresh', target: target(8003) });
    // The new target does not set the app cookie: the LB still moves the session to it.
    const lines = respond(failedOver);
    const back = route({ groups: [tg], balance, cookie: cookieHeader(lines, ['APP_SESSION_ID=abc123']) });
    expect(back).toMatchObject({ targetReason: 'cookie', target: target(8003) });
  });

  it('carries the live entries of other target groups and drops stale ones', () => {
    const other = group('other', APP_COOKIE);
    const gone = group('gone', APP_COOKIE);
    const balance = balancer();
    const first = route({ groups: [other, gone], tuples: [{ TargetGroupArn: other.arn }], balance });
    const second = route({ groups: [other, gone], tuples: [{ TargetGroupArn: gone.arn }], balance, cookie: cookieHeader(respond(first, { setCookies: ['APP_SESSION_ID=o'] })) });
    const both = cookieHeader(respond(second, { setCookies: ['APP_SESSION_ID=g'] }), ['APP_SESSION_ID=o']);
    expect(openAppCookie(parseCookieHeader(both), keyRing)?.entries.map((e) => e.targetGroupId)).toEqual([other.arn, gone.arn]);
    // 'gone' is deleted: its entry is dropped; 'other' is kept beside the new entry for 'app'.
    const routed = route({ groups: [tg, other], balance, cookie: both });
    const lines = respond(routed, { setCookies: ['APP_SESSION_ID=a'] });
    expect(openAppCookie(parseCookieHeader(cookieHeader(lines)), keyRing)?.entries.map((e) => e.targetGroupId)).toEqual([other.arn, tg.arn]);
  });

  it('a tampered fragment is a fresh choice, never an error', () => {
    const { cookie } = startSession();
    const tampered = cookie.replace(/AWSALBAPP-0=(.)/, (_, c: string) => `AWSALBAPP-0=${c === 'A' ? 'B' : 'A'}`);
    expect(route({ groups: [tg], cookie: tampered }).targetReason).toBe('fresh');
    expect(route({ groups: [tg], cookie: 'AWSALBAPP-0=!!!; AWSALBAPP-1=' + 'Z'.repeat(9000) + '; APP_SESSION_ID=1' }).targetReason).toBe('fresh');
  });
});

describe('stickySessionKey: one label for all requests of a session', () => {
  it('lb_cookie: the first request (no cookie) and the next ones (resealed AWSALB each time) share the key', () => {
    const tg = group('lb', LB_COOKIE);
    const balance = balancer();
    const first = route({ groups: [tg], balance });
    const key = stickySessionKey(first.plan, []);
    expect(key).toBe(`AWSALB ${tg.arn} 127.0.0.1:8001`);
    let cookie = cookieHeader(respond(first));
    for (let request = 1; request <= 3; request++) {
      const routed = route({ groups: [tg], balance, cookie, nowMs: NOW_MS + request * 2_000 });
      const lines = respond(routed);
      expect(valueOf(lines, 'AWSALB')).not.toBe(valueOf(cookie.split('; '), 'AWSALB'));
      expect(stickySessionKey(routed.plan, [])).toBe(key);
      cookie = cookieHeader(lines);
    }
  });

  it('target-group stickiness: the key carries the group and its sticky-since, fixed while the session lives', () => {
    const one = group('one', {});
    const two = group('two', {});
    const groupStickiness = { Enabled: true, DurationSeconds: 3600 };
    const tuples = [{ TargetGroupArn: one.arn, Weight: 1 }, { TargetGroupArn: two.arn, Weight: 1 }];
    const first = route({ groups: [one, two], tuples, groupStickiness });
    const key = stickySessionKey(first.plan, []);
    expect(key).toMatch(new RegExp(`^AWSALBTG ${first.targetGroup?.arn} ${NOW_SECONDS}$`));
    const later = route({ groups: [one, two], tuples, groupStickiness, cookie: cookieHeader(respond(first)), nowMs: NOW_MS + 5_000 });
    expect(stickySessionKey(later.plan, [])).toBe(key);
  });

  it('app_cookie: the application cookie the response sets, then the one the client sends', () => {
    const tg = group('app', APP_COOKIE);
    const balance = balancer();
    const first = route({ groups: [tg], balance });
    expect(stickySessionKey(first.plan, ['OTHER=1'])).toBeUndefined();
    expect(stickySessionKey(first.plan, ['APP_SESSION_ID=abc123; Path=/'])).toBe('AWSALBAPP APP_SESSION_ID=abc123');
    const cookie = cookieHeader(respond(first, { setCookies: ['APP_SESSION_ID=abc123; Path=/'] }), ['APP_SESSION_ID=abc123']);
    const later = route({ groups: [tg], balance, cookie, nowMs: NOW_MS + 5_000 });
    expect(stickySessionKey(later.plan, [])).toBe('AWSALBAPP APP_SESSION_ID=abc123');
  });

  it('is undefined when nothing is sticky', () => {
    expect(stickySessionKey(route({ groups: [group('plain', {})] }).plan, [])).toBeUndefined();
  });
});

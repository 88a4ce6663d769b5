import type { CookieCheck, RequestExplanation } from './explain-request.js';
import { targetLabel } from './debug-route-header.js';

const percent = (probability: number) => `${Math.round(probability * 1000) / 10}%`;

function cookieLine(label: string, cookie: CookieCheck): string {
  return `  ${label}: ${cookie.isUsed ? 'used' : 'not used'} — ${cookie.why}`;
}

/** `elbow explain`'s readable answer: one section per step, in the order the ALB takes them. */
export function formatExplanation(explanation: RequestExplanation): string {
  const { listener, request } = explanation;
  const lines: string[] = [
    `Listener ${listener.protocol}:${listener.port} of ${listener.loadBalancerName}`,
    `Request  ${request.method} ${request.path}${request.query === '' ? '' : `?${request.query}`}  Host: ${request.host ?? '(none)'}  from ${request.sourceIp}`,
    '',
    'Rules (priority order):',
  ];
  if (explanation.rules.length === 0) lines.push('  none evaluated: the request was refused before routing');
  for (const rule of explanation.rules) {
    const mark = rule.verdict === 'matched' ? '→' : ' ';
    lines.push(` ${mark} ${rule.priority.padEnd(7)} ${rule.verdict.padEnd(14)} ${rule.why}`);
  }
  const { action } = explanation;
  if (action !== undefined) {
    lines.push('', `Action: ${action.type}`);
    for (const passed of action.passedThrough) lines.push(`  before it: ${passed}`);
    if (action.redirect !== undefined) lines.push(`  ${action.redirect.statusCode} Location: ${action.redirect.location}`);
    if (action.fixedResponse !== undefined) {
      lines.push(`  ${action.fixedResponse.statusCode} ${action.fixedResponse.contentType ?? ''} ${JSON.stringify(action.fixedResponse.body)}`.trimEnd());
    }
  }
  const groupChoice = explanation.targetGroupChoice;
  if (groupChoice !== undefined) {
    lines.push('', 'Target group:');
    if (groupChoice.groups.length > 1) {
      for (const group of groupChoice.groups) lines.push(`  ${group.name ?? group.arn}  weight ${group.weight}  (${percent(group.probability)})`);
    }
    if (groupChoice.stickiness !== undefined) lines.push(cookieLine(`AWSALBTG (${groupChoice.stickiness.durationSeconds}s)`, groupChoice.stickiness.cookie));
    lines.push(`  → ${groupChoice.chosen?.name ?? 'none'}: ${groupChoice.why}`);
  }
  const targetChoice = explanation.targetChoice;
  if (targetChoice !== undefined) {
    lines.push('', `Target in ${targetChoice.targetGroup.name} (${targetChoice.algorithm}):`);
    for (const candidate of targetChoice.candidates) {
      const extra = [
        candidate.availabilityZone === undefined ? '' : `zone ${candidate.availabilityZone}`,
        candidate.inFlight === undefined ? '' : `${candidate.inFlight} in flight`,
        candidate.probability === undefined ? '' : percent(candidate.probability),
      ].filter((part) => part !== '');
      const state = candidate.isCandidate ? 'candidate' : `excluded: ${candidate.excludedBecause ?? ''}`;
      lines.push(`  ${targetLabel(candidate).padEnd(22)} ${state}${extra.length === 0 ? '' : `  (${extra.join(', ')})`}`);
    }
    if (targetChoice.stickiness !== undefined) lines.push(cookieLine(`${targetChoice.stickiness.type} (${targetChoice.stickiness.durationSeconds}s)`, targetChoice.stickiness.cookie));
    lines.push(`  → ${targetChoice.chosen === undefined ? 'none' : targetLabel(targetChoice.chosen)}: ${targetChoice.why}`);
  }
  const { outcome } = explanation;
  lines.push(
    '',
    outcome.answeredBy === 'target' ? `Outcome: ${outcome.why}` : `Outcome: the load balancer answers ${outcome.statusCode ?? ''} (${outcome.why})`,
    `X-Elbow-Route: ${explanation.route}`,
  );
  return `${lines.join('\n')}\n`;
}

import type { elbv2 } from '@elbow/api-models';
import { validationError } from '@elbow/query-protocol';

/**
 * Rule transforms (host-header-rewrite, url-rewrite) [M1 RuleTransform, HostHeaderRewriteConfig,
 * UrlRewriteConfig, RewriteConfig]: at most one of each type, each with its own config and one
 * rewrite whose `Regex` compiles. Limits beyond the model's are unverified. Pure.
 */
const CONFIG_MEMBER: Record<elbv2.TransformTypeEnum, 'HostHeaderRewriteConfig' | 'UrlRewriteConfig'> = {
  'host-header-rewrite': 'HostHeaderRewriteConfig',
  'url-rewrite': 'UrlRewriteConfig',
};

export function resolveTransforms(transforms: readonly elbv2.RuleTransform[]): elbv2.RuleTransform[] {
  const seen = new Set<elbv2.TransformTypeEnum>();
  return transforms.map((transform) => {
    if (seen.has(transform.Type)) throw validationError(`A rule can only have one transform of type '${transform.Type}'`);
    seen.add(transform.Type);
    const member = CONFIG_MEMBER[transform.Type];
    const other = member === 'HostHeaderRewriteConfig' ? 'UrlRewriteConfig' : 'HostHeaderRewriteConfig';
    if (transform[other] !== undefined) throw validationError(`The '${other}' cannot be specified for transforms of type '${transform.Type}'`);
    const rewrites = transform[member]?.Rewrites ?? [];
    if (rewrites.length !== 1) throw validationError(`A transform of type '${transform.Type}' must have exactly one rewrite`);
    for (const rewrite of rewrites) {
      try {
        new RegExp(rewrite.Regex);
      } catch {
        throw validationError(`The regular expression '${rewrite.Regex}' is not valid`);
      }
    }
    return { Type: transform.Type, [member]: { Rewrites: rewrites.map((rewrite) => ({ Regex: rewrite.Regex, Replace: rewrite.Replace })) } };
  });
}

import { loadServiceModel, type elbv2 } from '@elbow/api-models';
import { describe, expect, it } from 'vitest';
import { defineQueryService } from './define-query-service.js';
import type { HandlerTable } from './handler-table.js';
import { unbuiltTable } from './testing/unbuilt-table.js';

type Ops = elbv2.Elbv2Operations;

describe('defineQueryService', () => {
  it('takes a table typed by the generated operations and returns the same definition', () => {
    const bundle = loadServiceModel('elbv2');
    const handlers: HandlerTable<Ops> = {
      ...(unbuiltTable(bundle.model) as HandlerTable<Ops>),
      DescribeTargetGroups: (input) => ({ TargetGroups: [], NextMarker: input.Marker }),
    };
    const definition = { bundle, handlers };
    expect(defineQueryService<Ops>(definition)).toBe(definition);
  });

  it('rejects, at compile time, tables with a missing entry or a wrongly typed handler (checked by tsc)', () => {
    const bundle = loadServiceModel('elbv2');
    const partial: Partial<HandlerTable<Ops>> = { ...(unbuiltTable(bundle.model) as HandlerTable<Ops>) };
    delete partial.AddTags;
    // @ts-expect-error AddTags is missing.
    defineQueryService<Ops>({ bundle, handlers: partial });
    defineQueryService<Ops>({
      bundle,
      handlers: {
        ...(unbuiltTable(bundle.model) as HandlerTable<Ops>),
        // @ts-expect-error Port is a number in DescribeTargetGroups output.
        DescribeTargetGroups: () => ({ TargetGroups: [{ Port: '80' }] }),
      },
    });
    expect(true).toBe(true);
  });
});

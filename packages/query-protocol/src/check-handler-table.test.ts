import { describe, expect, it } from 'vitest';
import { checkHandlerTable } from './check-handler-table.js';
import type { QueryServiceDefinition } from './handler-table.js';
import { tinyModel } from './testing/tiny-model.js';

const bundle = { source: 'test', model: tinyModel, paginators: {} };

function definition(handlers: Record<string, unknown>): QueryServiceDefinition {
  return { bundle, handlers } as unknown as QueryServiceDefinition;
}

describe('checkHandlerTable', () => {
  it('accepts a complete table and lists its unbuilt operations', () => {
    expect(checkHandlerTable(definition({ PutThing: 'unbuilt', Ping: () => ({}) }))).toEqual({ unbuilt: ['PutThing'] });
  });

  it('refuses missing, orphan and malformed entries in one message', () => {
    expect(() => checkHandlerTable(definition({ Pong: () => ({}), Ping: 'todo' }))).toThrow(
      "The Tiny 2020-01-01 handler table does not match its model: missing entries for PutThing; " +
        "entries for operations the model does not have: Pong; entries that are neither a handler nor 'unbuilt': Ping",
    );
  });
});

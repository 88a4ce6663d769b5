import type { ServiceModelBundle } from '@elbow/api-models';
import type { RequestContext } from './request-context.js';

/** An operation's implementation: typed input in, typed output out, or a thrown ServiceError. */
export type OperationHandler<Input, Output> = (input: Input, context: RequestContext) => Output | Promise<Output>;

/**
 * The shape of a generated `<Service>Operations` interface. Written as a mapped type over `Ops`
 * (used as `Ops extends OperationTypes<Ops>`) because an interface has no index signature and so
 * is not assignable to `Record<string, …>`; without an argument it is that record.
 */
export type OperationTypes<Ops = Record<string, unknown>> = {
  [Name in keyof Ops]: { input: unknown; output: unknown };
};

/**
 * One entry per operation of the model: either its handler, or `'unbuilt'` for an operation
 * elbow does not implement yet (it answers a clear error naming the operation). Because the
 * table is keyed by the generated operation names, a missing entry is a type error; start-up
 * also checks the table against the model at run time (missing and orphan entries).
 */
export type HandlerTable<Ops extends OperationTypes<Ops>> = {
  [Name in keyof Ops]: OperationHandler<Ops[Name]['input'], Ops[Name]['output']> | 'unbuilt';
};

/** One API served on the shared endpoint, selected by the request's `Version`. */
export interface QueryServiceDefinition<Ops extends OperationTypes<Ops> = OperationTypes> {
  bundle: ServiceModelBundle;
  handlers: HandlerTable<Ops>;
}

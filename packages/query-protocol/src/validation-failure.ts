/** One model constraint that one input value breaks. Validators return these (STYLE rule 6). */
export interface ValidationFailure {
  /** AWS's member path: lower-camel member names, list items as `<list>.<N>.member` (1-based). */
  readonly path: string;
  readonly constraint: Constraint;
  /** The offending value; `undefined` for a missing required member. */
  readonly value: unknown;
}

export type Constraint =
  | { readonly kind: 'required' }
  | { readonly kind: 'minLength' | 'maxLength' | 'minimum' | 'maximum'; readonly limit: number }
  | { readonly kind: 'pattern'; readonly pattern: string }
  | { readonly kind: 'enum'; readonly values: readonly string[] };

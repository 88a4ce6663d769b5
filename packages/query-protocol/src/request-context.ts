/** What a handler knows about the call besides its input. Clock and ids are injected (STYLE rule 7). */
export interface RequestContext {
  /** The RequestId written in the response body and the x-amzn-RequestId header. */
  readonly requestId: string;
  /** The account the caller's credentials select. */
  readonly accountId: string;
  /** The region from the SigV4 credential scope, or the emulator's default region. */
  readonly region: string;
  /** The time the request arrived. */
  readonly now: Date;
}

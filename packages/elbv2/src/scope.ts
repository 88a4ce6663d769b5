/** Every row belongs to one account in one region (STYLE rule 8). */
export interface Scope {
  readonly accountId: string;
  readonly region: string;
}

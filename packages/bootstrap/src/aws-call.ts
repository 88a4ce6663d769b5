import { BootstrapError } from './bootstrap-error.js';

/** The error code of an SDK v3 service error (its `Code` for Query protocols, else its name). */
export function awsErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { Code, name } = error as { Code?: unknown; name?: unknown };
  if (typeof Code === 'string') return Code;
  return typeof name === 'string' ? name : undefined;
}

/** Whether `error` is the AWS error `code` (matching both the wire code and the SDK's exception name). */
export function isAwsError(error: unknown, code: string): boolean {
  const actual = awsErrorCode(error);
  return actual === code || actual === `${code}Exception`;
}

/**
 * Runs one AWS call for `resource`; an AWS error becomes a BootstrapError naming where it came
 * from (`<source>: <resource>: <Operation>: <Code>: <message>`), the one line the CLI prints.
 */
export async function awsCall<T>(source: string, resource: string, operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof BootstrapError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    // A network failure is no AWS error: say that elbow did not answer (wrong --endpoint, not started).
    const networkCode = (error as { code?: unknown }).code;
    if (typeof networkCode === 'string' && /^(ECONNREFUSED|ENOTFOUND|ECONNRESET|EHOSTUNREACH|ETIMEDOUT)$/.test(networkCode)) {
      throw new BootstrapError(`${source}: ${resource}: ${operation}: cannot reach elbow (${message})`);
    }
    throw new BootstrapError(`${source}: ${resource}: ${operation}: ${awsErrorCode(error) ?? 'Error'}: ${message}`);
  }
}

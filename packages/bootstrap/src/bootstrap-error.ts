/**
 * A bootstrap, import or export failure the user can fix: its message is the one line the CLI
 * prints (naming the file, the line or resource, and what was expected), never a stack.
 */
export class BootstrapError extends Error {
  override name = 'BootstrapError';
}

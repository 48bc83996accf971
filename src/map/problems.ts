/** Problems found in map files: each names its file, line and path so an editor can jump to it. */

export type Severity = 'error' | 'warning';

export interface Problem {
  readonly severity: Severity;
  readonly file: string;
  readonly line?: number;
  /** Dotted path inside the file (`steps.sms-confirm.needs.0.purpose`). */
  readonly path: string;
  readonly message: string;
}

/** Formats a problem as `file:line  path  message`, the form editors and CI logs link. */
export function formatProblem(p: Problem): string {
  const where = p.line === undefined ? p.file : `${p.file}:${p.line}`;
  const path = p.path === '' ? '' : ` ${p.path}:`;
  return `${p.severity === 'error' ? 'error' : 'warning'} ${where}${path} ${p.message}`;
}

export const hasErrors = (problems: readonly Problem[]): boolean =>
  problems.some((p) => p.severity === 'error');

/** Thrown by `loadMapOrThrow` when a map has errors; carries every problem. */
export class MapInvalidError extends Error {
  override readonly name = 'MapInvalidError';
  constructor(readonly problems: readonly Problem[]) {
    super(`the dialogue map has errors:\n${problems.map(formatProblem).join('\n')}`);
  }
}

/**
 * Rules on how often customers may be asked: a quiet time after "no thanks" or "ask me later"
 * shorter than a day is an error (it would nag), and a catalog without a question budget is
 * warned about (customers could face one question after another).
 */
import { durationDays } from '../shared/duration.ts';
import type { Problem } from './problems.ts';
import type { Catalog } from './schema.ts';
import type { YamlSource } from './yaml-source.ts';

export function checkPolicy(catalog: Catalog, src: YamlSource): Problem[] {
  const out: Problem[] = [];
  const emit = (path: string[], message: string, severity: Problem['severity'] = 'error') =>
    out.push({ severity, file: src.file, line: src.lineOf(path), path: path.join('.'), message });
  for (const [id, p] of Object.entries(catalog.purposes)) {
    for (const key of ['askAgainAfter', 'askLaterAfter'] as const) {
      if (durationDays(p[key]) < 1)
        emit(['purposes', id, key], `${key} must be at least one day (P1D): asking again sooner nags`);
    }
  }
  if (!catalog.policy.questionBudget) {
    emit(
      ['policy'],
      'no policy.questionBudget: customers may face one optional question after another (e.g. max: 2, window: P7D)',
      'warning',
    );
  }
  return out;
}

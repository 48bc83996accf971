/**
 * Rules for the business's systems: recipients that exist, actions on declared systems that
 * receive the step's purposes, Standard Webhooks secrets, and what the environment leaves unset.
 */
import type { Problem } from './problems.ts';
import type { Catalog, Journey } from './schema.ts';
import { envRefsOf, expandEnv, WEBHOOK_SECRET, type Env } from './systems.ts';
import type { YamlSource } from './yaml-source.ts';

interface Input {
  readonly catalog: Catalog;
  readonly catalogSrc: YamlSource;
  readonly journeys: readonly { src: YamlSource; journey: Journey }[];
  readonly env: Env;
}

type Emit = (path: (string | number)[], message: string, severity?: Problem['severity']) => void;

const emitterFor =
  (src: YamlSource, out: Problem[]): Emit =>
  (path, message, severity = 'error') =>
    out.push({ severity, file: src.file, line: src.lineOf(path), path: path.join('.'), message });

function checkRecipients(catalog: Catalog, emit: Emit): void {
  for (const [id, p] of Object.entries(catalog.purposes)) {
    p.recipients.forEach((r, i) => {
      if (!catalog.providers[r] && !catalog.systems[r])
        emit(
          ['purposes', id, 'recipients', i],
          `unknown recipient "${r}": declare it under providers or systems`,
        );
    });
  }
}

/** A url or secret: a literal is checked as written, a `${VAR}` once the environment sets it. */
function checkSetting(
  id: string,
  field: 'url' | 'secret',
  raw: string | undefined,
  env: Env,
  emit: Emit,
): void {
  const at = ['systems', id, field];
  const vars = envRefsOf(raw);
  const value = expandEnv(raw, env);
  if (raw === undefined || value === undefined) {
    const how = vars.length > 0 ? `${vars.join(', ')} is not set` : `it has no ${field}`;
    const what = field === 'url' ? 'its actions fail and its events wait' : 'nothing is sent to it';
    return emit(raw === undefined ? ['systems', id] : at, `system "${id}": ${how}, so ${what}`, 'warning');
  }
  const shown = vars.length > 0 ? ` (from ${vars.join(', ')})` : '';
  if (field === 'secret' && !WEBHOOK_SECRET.test(value))
    emit(at, `system "${id}": the secret${shown} must be a Standard Webhooks secret, whsec_ and base64`);
  if (field === 'url' && !/^https?:\/\/[^\s]+$/.test(value))
    emit(at, `system "${id}": the url${shown} must be an http(s) URL`);
}

function checkActions(input: Input, out: Problem[]): void {
  const { catalog } = input;
  for (const { src, journey } of input.journeys) {
    const emit = emitterFor(src, out);
    for (const [stepId, step] of Object.entries(journey.steps)) {
      const act = step.do;
      if (!act) {
        if (step.onError)
          emit(['steps', stepId, 'onError'], 'onError needs an action (do:) in the same step');
        continue;
      }
      const at = ['steps', stepId, 'do'];
      if (!catalog.systems[act.system]) {
        emit([...at, 'system'], `unknown system "${act.system}": declare it under systems in the catalog`);
        continue;
      }
      const purposes = [...new Set(step.needs.map((n) => n.purpose))];
      const received = purposes.filter((p) => catalog.purposes[p]?.recipients.includes(act.system));
      if (purposes.length > 0 && received.length === 0)
        emit(
          [...at, 'system'],
          `system "${act.system}" receives none of this step's purposes (${purposes.join(', ')}): the action gets no data; add it to their recipients`,
          'warning',
        );
    }
  }
}

/** Runs the systems rules; `env` resolves `${VAR}` references. */
export function checkSystems(input: Input): Problem[] {
  const out: Problem[] = [];
  const emit = emitterFor(input.catalogSrc, out);
  checkRecipients(input.catalog, emit);
  for (const [id, s] of Object.entries(input.catalog.systems)) {
    checkSetting(id, 'url', s.url, input.env, emit);
    checkSetting(id, 'secret', s.secret, input.env, emit);
  }
  checkActions(input, out);
  return out;
}

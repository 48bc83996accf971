/**
 * Error messages on their way to a log: channel user ids and conversation ids (phone numbers on
 * SMS and WhatsApp) are cut out, whether the caller knows them or they sit in a Bot Connector URL
 * (`…/conversations/<id>/activities`, `…/users/<id>`). Logs carry pseudonymous subjects only.
 */

const IN_URL = /\/(conversations|users|subjects\/[^/\s?#]+)\/[^/\s?#"']+/g;

/** `message` without the given ids and without the ids in connector-style URL paths. */
export function redactIds(message: string, known: readonly (string | undefined)[] = []): string {
  let out = message;
  for (const id of known) if (id && id.length >= 3) out = out.split(id).join('…');
  return out.replace(IN_URL, '/$1/…');
}

/** An error as a log field: its name and redacted message, never its stack or cause. */
export function loggableError(e: unknown, known: readonly (string | undefined)[] = []) {
  const err = e instanceof Error ? e : new Error(String(e));
  return { name: err.name, message: redactIds(err.message, known) };
}

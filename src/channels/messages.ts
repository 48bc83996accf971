/**
 * `POST /api/messages`: validates the activity, refuses a serviceUrl off the allow-list before
 * anything is stored, then authenticates the channel and runs the turn through the adapter.
 */
import type { Activity, TurnContext } from 'botbuilder';
import { badRequest } from '../shared/bad-request.ts';
import { IncomingActivity } from './activity.ts';
import type { EdgeAdapter } from './adapter.ts';
import type { ServiceUrlPolicy } from './service-urls.ts';

/** botbuilder expects Date objects where JSON carries ISO strings (as its own parser does). */
function toActivity(a: IncomingActivity): Activity {
  const dates = Object.fromEntries(
    (['timestamp', 'localTimestamp', 'expiration'] as const)
      .filter((k) => typeof a[k] === 'string')
      .map((k) => [k, new Date(a[k] as string)]),
  );
  return { ...a, ...dates } as unknown as Activity;
}

/** What the HTTP edge sends back for one posted activity. */
export interface MessagesOutcome {
  readonly status: number;
  readonly body?: unknown;
}

/** A posted activity's body and its Authorization header in, the HTTP answer out (no HTTP framework here). */
export type MessagesHandler = (body: unknown, authorization: string) => Promise<MessagesOutcome>;

export function createMessagesHandler(
  adapter: EdgeAdapter,
  bot: (context: TurnContext) => Promise<void>,
  trusted: ServiceUrlPolicy,
): MessagesHandler {
  return async (body, authorization) => {
    const parsed = IncomingActivity.safeParse(body);
    if (!parsed.success) return badRequest('invalid activity', parsed.error.issues);
    if (!trusted(parsed.data.serviceUrl)) {
      return { status: 403, body: { error: 'serviceUrl is not on the allow-list (TRUSTED_SERVICE_URLS)' } };
    }
    const outcome = await adapter.handle(authorization, toActivity(parsed.data), bot);
    return outcome.body === undefined
      ? { status: outcome.status }
      : { status: outcome.status, body: outcome.body };
  };
}

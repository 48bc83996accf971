/**
 * `POST /api/messages`: validates the activity, refuses a serviceUrl off the allow-list before
 * anything is stored, then authenticates the channel and runs the turn through the adapter.
 */
import type { Activity, TurnContext } from 'botbuilder';
import type { Request, Response } from 'restify';
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

export function createMessagesHandler(
  adapter: EdgeAdapter,
  bot: (context: TurnContext) => Promise<void>,
  trusted: ServiceUrlPolicy,
) {
  return async (req: Request, res: Response): Promise<void> => {
    const parsed = IncomingActivity.safeParse(req.body);
    if (!parsed.success) {
      res.send(400, {
        error: 'invalid activity',
        issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      });
      return;
    }
    if (!trusted(parsed.data.serviceUrl)) {
      res.send(403, { error: 'serviceUrl is not on the allow-list (TRUSTED_SERVICE_URLS)' });
      return;
    }
    const outcome = await adapter.handle(req.headers.authorization ?? '', toActivity(parsed.data), bot);
    if (outcome.body === undefined) res.send(outcome.status);
    else res.send(outcome.status, outcome.body);
  };
}

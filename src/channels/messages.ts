/** `POST /api/messages`: validates the activity, then hands it to the adapter and the bot. */
import type { CloudAdapter, TurnContext } from 'botbuilder';
import type { Request, Response } from 'restify';
import { IncomingActivity } from './activity.ts';

export function createMessagesHandler(adapter: CloudAdapter, bot: (context: TurnContext) => Promise<void>) {
  return async (req: Request, res: Response): Promise<void> => {
    const parsed = IncomingActivity.safeParse(req.body);
    if (!parsed.success) {
      res.send(400, {
        error: 'invalid activity',
        issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      });
      return;
    }
    await adapter.process(req, res, bot);
  };
}

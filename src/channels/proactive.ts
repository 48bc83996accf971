/**
 * Proactive messages (give-back notices) on Bot Framework channels: the customer's last
 * conversation reference, continued through the same CloudAdapter, in their language.
 */
import type { CloudAdapter } from 'botbuilder';
import type { Notifier } from '../consent/index.ts';
import { toLocale } from '../map/index.ts';
import type { ConversationRefStore } from '../storage/index.ts';

export function createProactiveNotifier(
  adapter: CloudAdapter,
  refs: ConversationRefStore,
  appId: string,
): Notifier {
  return {
    async notify(subject, text) {
      const ref = await refs.get(subject);
      if (!ref) return false;
      const locale = toLocale(typeof ref.locale === 'string' ? ref.locale : undefined);
      await adapter.continueConversationAsync(appId, ref, async (context) => {
        await context.sendActivity({ type: 'message', text: text(locale), locale });
      });
      return true;
    },
  };
}

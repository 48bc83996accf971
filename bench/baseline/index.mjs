/**
 * The hand-written baseline for `npm run bench`: order delivery as a botbuilder WaterfallDialog,
 * laid out like BotBuilder-Samples `05.multi-turn-prompt` (index → bots/dialogBot → dialogs/…),
 * on restify 12 and CloudAdapter (local mode: no app id). State lives in SQLite (better-sqlite3,
 * one JSON row per key, WAL + synchronous=FULL like justask) or, when MONGODB_URI is set, in
 * MongoDB (one document per key).
 *
 *   PORT=0 DATA_DIR=/tmp/x node bench/baseline/index.mjs   → prints "baseline listening on http://localhost:<port>"
 */
import { join } from 'node:path';
import restify from 'restify';
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConversationState,
  UserState,
} from 'botbuilder';
import { DialogBot } from './bots/dialog-bot.mjs';
import { OrderDeliveryDialog } from './dialogs/order-delivery-dialog.mjs';
import { SqliteStorage } from './storage/sqlite-storage.mjs';
import { MongoStorage } from './storage/mongo-storage.mjs';

const storage = process.env.MONGODB_URI
  ? await MongoStorage.open(process.env.MONGODB_URI, process.env.MONGODB_DB ?? 'baseline')
  : new SqliteStorage(join(process.env.DATA_DIR ?? './data', 'baseline.db'));

const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
const conversationState = new ConversationState(storage);
const userState = new UserState(storage);

adapter.onTurnError = async (context, error) => {
  console.error(`[onTurnError] ${error?.name}: ${error?.message}`);
  await context.sendActivity('Sorry, something went wrong. Please try again.');
  await conversationState.delete(context);
};

const dialog = new OrderDeliveryDialog(userState);
const bot = new DialogBot(conversationState, userState, dialog);

const server = restify.createServer({ name: 'baseline', handleUncaughtExceptions: false });
server.use(restify.plugins.bodyParser());
server.post('/api/messages', async (req, res) => {
  await adapter.process(req, res, (context) => bot.run(context));
});
server.get('/healthz', async (_req, res) => {
  res.send(200, { ok: true });
});

server.listen(Number(process.env.PORT ?? 3978), process.env.HOST ?? '127.0.0.1', () => {
  console.log(`baseline listening on http://localhost:${server.address().port}`);
});

const stop = () => {
  server.close();
  storage.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

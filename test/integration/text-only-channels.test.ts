/**
 * The real server on channels without buttons: `sms` always, and the channel ids listed in
 * TEXT_ONLY_CHANNELS. Options come numbered in the text, "2" picks one, and on SMS the sender's
 * number is offered masked, stored only on "yes".
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, turn, type ServerProcess } from '../helpers/server-process.ts';

const env = {
  DATA_DIR: mkdtempSync(join(tmpdir(), 'justask-text-only-')),
  MONGODB_URI: '',
  TEXT_ONLY_CHANNELS: 'acme-chat, directline',
};
let server: ServerProcess;

beforeAll(async () => {
  server = await startServer(env);
});
afterAll(() => server?.stop());

const kindOf = (a: { channelData?: unknown } | undefined) =>
  (a?.channelData as { justask?: { kind?: string } } | undefined)?.justask?.kind;

describe('text-only channels over HTTP', () => {
  it('numbers the options on a channel of TEXT_ONLY_CHANNELS and takes “2”', async () => {
    const opts = { channelId: 'directline', user: 'dl-ann', locale: 'fr-FR' };
    const [slot] = await turn(server.url, 'livrer ma commande', opts);
    expect(slot?.text).toBe('Quand souhaitez-vous recevoir votre commande ?\n1. Matin 2. Après-midi 3. Soir');
    expect(slot?.suggestedActions).toBeUndefined();
    const [ask] = await turn(server.url, '2', opts);
    expect(kindOf(ask)).toBe('ask');
    expect(ask?.text).toMatch(/\nRépondez « Pourquoi \? », « Non merci » ou « Demandez-moi plus tard »\.$/);
  });

  it('shows buttons on a channel that is not listed', async () => {
    const [slot] = await turn(server.url, 'deliver my order', { user: 'wc-ann' });
    expect(slot?.suggestedActions?.actions.map((a) => a.title)).toEqual(['Morning', 'Afternoon', 'Evening']);
  });

  it('offers the SMS sender’s number masked, and stores it on “yes”', async () => {
    const opts = { channelId: 'sms', user: '+31612340188', locale: 'nl-NL' };
    await turn(server.url, 'bezorg mijn bestelling', opts);
    const [offer] = await turn(server.url, 'de eerste', opts);
    expect(kindOf(offer)).toBe('ask-known');
    expect(offer?.text).toContain('•••• 188');
    const saved = await turn(server.url, 'ja hoor', opts);
    expect(saved.map((r) => r.text).join(' ')).toContain("'s ochtends");
    expect(saved.map((r) => r.text).join(' ')).toContain('•••• 188');
  });
});

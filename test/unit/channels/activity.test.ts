import { describe, expect, it } from 'vitest';
import { IncomingActivity } from '../../../src/channels/activity.ts';

/** What a channel (here shaped like Teams) really sends, with every typed field present. */
const full = {
  type: 'message',
  id: 'a1',
  timestamp: '2026-05-01T10:00:00.000Z',
  localTimestamp: '2026-05-01T12:00:00.000+02:00',
  localTimezone: 'Europe/Amsterdam',
  callerId: 'urn:botframework:azure',
  channelId: 'msteams',
  serviceUrl: 'https://smba.trafficmanager.net/emea/',
  from: { id: '29:1', name: 'Ann', aadObjectId: 'x', role: 'user' },
  recipient: { id: '28:bot', name: 'bot' },
  conversation: { id: 'c1', isGroup: false, conversationType: 'personal', tenantId: 't' },
  textFormat: 'plain',
  attachmentLayout: 'list',
  membersAdded: [{ id: '29:1' }],
  membersRemoved: [],
  reactionsAdded: [{ type: 'like' }],
  topicName: 't',
  historyDisclosed: false,
  locale: 'en-GB',
  text: 'hello',
  speak: 'hello',
  inputHint: 'acceptingInput',
  summary: 's',
  suggestedActions: { to: ['29:1'], actions: [{ type: 'imBack', title: 'Yes', value: 'yes' }] },
  attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: { body: [] } }],
  entities: [{ type: 'clientInfo', locale: 'en-GB', platform: 'Web' }],
  channelData: { tenant: { id: 't' } },
  replyToId: 'r1',
  label: 'l',
  valueType: 'v',
  value: { anything: [1, 'two'] },
  name: 'n',
  relatesTo: { activityId: 'x', conversation: { id: 'c0' }, channelId: 'msteams', serviceUrl: 'https://x' },
  expiration: '2026-05-02T10:00:00Z',
  importance: 'normal',
  deliveryMode: 'normal',
  listenFor: ['yes'],
  textHighlights: [{ text: 'hi', occurrence: 1 }],
  semanticAction: { id: 's', entities: {} },
  aChannelsOwnField: { kept: true },
};

describe('the incoming activity schema', () => {
  it('takes every field of the Bot Framework schema, typed right, and fields it does not know', () => {
    const r = IncomingActivity.safeParse(full);
    expect(r.success ? [] : r.error.issues).toEqual([]);
    expect(r.data?.aChannelsOwnField).toEqual({ kept: true });
  });

  it.each([
    ['entities', 'x'],
    ['entities', [{ notype: 1 }]],
    ['attachments', 'x'],
    ['attachments', [{}]],
    ['attachments', { contentType: 'a' }],
    ['suggestedActions', ['yes']],
    ['suggestedActions', { actions: 'yes' }],
    ['channelData', 'x'],
    ['channelData', [1, 2]],
    ['timestamp', 1714557600000],
    ['timestamp', 'yesterday'],
    ['localTimestamp', {}],
    ['membersAdded', { id: 'a' }],
    ['membersAdded', [{ name: 'no id' }]],
    ['membersRemoved', 'a'],
    ['replyToId', 42],
    ['textFormat', 'html'],
    ['attachmentLayout', 'grid'],
    ['valueType', 1],
    ['conversation', { id: 'c', isGroup: 'yes' }],
    ['from', { id: 7 }],
    ['recipient', 'bot'],
    ['historyDisclosed', 'no'],
    ['listenFor', 'yes'],
    ['textHighlights', [{ text: 'a', occurrence: 'one' }]],
    ['relatesTo', 'x'],
    ['deliveryMode', 'later'],
  ])('refuses %s = %j, naming the field', (field, value) => {
    const r = IncomingActivity.safeParse({ ...full, [field]: value });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path[0])).toContain(field);
  });
});

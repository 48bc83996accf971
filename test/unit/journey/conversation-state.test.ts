import { describe, expect, it } from 'vitest';
import {
  openedState,
  parseConversationState,
  sealableState,
  type ConversationState,
} from '../../../src/journey/index.ts';

describe('parseConversationState', () => {
  it('drops attachments from kept replies, so an export read from older state is never written back', () => {
    const attachment = { name: 'my-data.json', contentType: 'application/json', contentUrl: 'data:,{}' };
    expect(
      parseConversationState({
        lastActivityId: 'a1',
        lastReplies: [{ text: 'Here is your data.', attachments: [attachment] }],
      }),
    ).toEqual({ lastActivityId: 'a1', lastReplies: [{ text: 'Here is your data.' }] });
  });

  it('starts afresh from a document it cannot read', () => {
    expect(parseConversationState({ run: 'not a run' })).toEqual({});
    expect(parseConversationState(undefined)).toEqual({});
  });
});

describe('sealed state', () => {
  const state: ConversationState = {
    run: { journey: 'order-delivery', step: 'slot', outcomes: {}, vars: {}, pending: { kind: 'choose' } },
    lastActivityId: 'a1',
    lastReplies: [{ text: 'When?' }],
  };

  it('reads back what it sealed, as it was', () => {
    expect(openedState(JSON.parse(sealableState(state)))).toEqual(state);
  });

  it('validates state sealed without the mark or under another schema, as stored state always was', () => {
    const attachment = { name: 'my-data.json', contentType: 'application/json', contentUrl: 'data:,{}' };
    const old = { ...state, lastReplies: [{ text: 'Here is your data.', attachments: [attachment] }] };
    expect(openedState(old).lastReplies).toEqual([{ text: 'Here is your data.' }]);
    const other = { ...old, '~shape': 'another-schema' };
    expect(openedState(other)).toEqual({ ...state, lastReplies: [{ text: 'Here is your data.' }] });
    expect(openedState({ run: 'not a run', '~shape': 'another-schema' })).toEqual({});
    expect(openedState(undefined)).toEqual({});
  });
});

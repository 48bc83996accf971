import { describe, expect, it } from 'vitest';
import { parseConversationState } from '../../../src/journey/index.ts';

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

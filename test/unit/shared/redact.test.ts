import { describe, expect, it } from 'vitest';
import { loggableError, redactIds } from '../../../src/shared/redact.ts';

describe('redactIds', () => {
  it.each([
    [
      'request to https://smba.trafficmanager.net/uk/v3/conversations/+447700900461/activities failed',
      'request to https://smba.trafficmanager.net/uk/v3/conversations/…/activities failed',
    ],
    ['GET /v3/conversations/a%3A1xYz/members/x', 'GET /v3/conversations/…/members/x'],
    ['/admin/api/subjects/sms/%2B447700900461', '/admin/api/subjects/sms/…'],
    ['/v3/directline/users/whatsapp:+3161234', '/v3/directline/users/…'],
    ['the store could not write bot state', 'the store could not write bot state'],
  ])('cuts the ids out of %s', (message, expected) => {
    expect(redactIds(message)).toBe(expected);
  });

  it('cuts out ids the caller knows, wherever they appear', () => {
    expect(
      loggableError(new Error('no member +447700900461 in chat-77'), ['+447700900461', 'chat-77']),
    ).toEqual({
      name: 'Error',
      message: 'no member … in …',
    });
  });
});

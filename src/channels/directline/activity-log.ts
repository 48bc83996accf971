/**
 * The local Direct Line's conversations: per conversation, its user, the activities shown to the
 * page (the customer's own, echoed, and the bot's) with watermarks, and the open streams.
 * In memory, per instance, and bounded: at most `maxConversations` (least recently used go first),
 * `maxActivities` each (oldest go first), `maxBytes` of activities in all (least recently used
 * conversations go first), `maxStreams` open streams each, and a conversation idle for `idleMs`
 * is forgotten.
 */

/** An activity as the page receives it. */
export type LoggedActivity = Record<string, unknown> & { id: string };

/** What a stream receives: an activity set with its watermark, or the end of the conversation. */
export type StreamEvent =
  | { readonly kind: 'activities'; readonly activities: LoggedActivity[]; readonly watermark: string }
  | { readonly kind: 'end' };

export interface Conversation {
  readonly id: string;
  readonly user: string;
  readonly locale: string | undefined;
}

interface Entry extends Conversation {
  touched: number;
  /** Sequence number of the next activity; watermarks are sequence numbers. */
  next: number;
  activities: { seq: number; activity: LoggedActivity; bytes: number }[];
  bytes: number;
  listeners: Set<(e: StreamEvent) => void>;
}

export interface ActivityLogLimits {
  readonly maxConversations: number;
  readonly maxActivities: number;
  readonly idleMs: number;
  /** Bytes (as JSON) of the activities held in all conversations together. */
  readonly maxBytes: number;
  /** Open streams (WebSockets) per conversation. */
  readonly maxStreams: number;
}

export const DEFAULT_LIMITS: ActivityLogLimits = {
  maxConversations: 1000,
  maxActivities: 200,
  idleMs: 60 * 60 * 1000,
  maxBytes: 64 * 1024 * 1024,
  maxStreams: 4,
};

export type ActivityLog = ReturnType<typeof createActivityLog>;

export function createActivityLog(limits: ActivityLogLimits, now: () => Date) {
  const conversations = new Map<string, Entry>();
  const t = () => now().getTime();
  let bytes = 0;

  function drop(e: Entry): void {
    conversations.delete(e.id);
    bytes -= e.bytes;
    for (const l of e.listeners) l({ kind: 'end' });
    e.listeners.clear();
  }

  /** Forgets idle conversations, oldest first (the map's order is least recently used first). */
  function sweep(): void {
    for (const e of conversations.values()) {
      if (e.touched + limits.idleMs > t()) break;
      drop(e);
    }
  }

  function live(id: string): Entry | undefined {
    const e = conversations.get(id);
    if (!e) return undefined;
    if (e.touched + limits.idleMs <= t()) {
      drop(e);
      return undefined;
    }
    e.touched = t();
    conversations.delete(id);
    conversations.set(id, e);
    return e;
  }

  /** Holds an activity in `e`'s ring, then trims others (least recently used first) to maxBytes. */
  function keep(e: Entry, seq: number, activity: LoggedActivity): void {
    const size = Buffer.byteLength(JSON.stringify(activity));
    e.activities.push({ seq, activity, bytes: size });
    e.bytes += size;
    bytes += size;
    while (e.activities.length > limits.maxActivities) {
      const gone = e.activities.shift();
      e.bytes -= gone?.bytes ?? 0;
      bytes -= gone?.bytes ?? 0;
    }
    for (const other of conversations.values()) {
      if (bytes <= limits.maxBytes) break;
      if (other !== e) drop(other);
    }
  }

  const idOf = (conv: string, seq: number) => `${conv}|${String(seq).padStart(7, '0')}`;

  return {
    /** Opens a conversation, or returns the open one with that id; `created` says which. */
    open(
      id: string,
      user: string,
      locale: string | undefined,
    ): { conversation: Conversation; created: boolean } {
      const found = live(id);
      if (found) return { conversation: found, created: false };
      sweep();
      while (conversations.size >= limits.maxConversations) {
        const oldest = conversations.values().next().value;
        if (!oldest) break;
        drop(oldest);
      }
      const e: Entry = {
        id,
        user,
        locale,
        touched: t(),
        next: 1,
        activities: [],
        bytes: 0,
        listeners: new Set(),
      };
      conversations.set(id, e);
      return { conversation: e, created: true };
    },
    get(id: string): Conversation | undefined {
      return live(id);
    },
    /** Appends an activity (its id assigned here) and pushes it to the streams; undefined when gone. */
    append(id: string, activity: Record<string, unknown>): LoggedActivity | undefined {
      const e = live(id);
      if (!e) return undefined;
      const seq = e.next++;
      const logged: LoggedActivity = { ...activity, id: idOf(id, seq) };
      keep(e, seq, logged);
      const event: StreamEvent = { kind: 'activities', activities: [logged], watermark: String(seq) };
      for (const l of e.listeners) l(event);
      return logged;
    },
    /** The activities after `watermark` (all retained ones without it); undefined when gone. */
    since(id: string, watermark?: string): { activities: LoggedActivity[]; watermark: string } | undefined {
      const e = live(id);
      if (!e) return undefined;
      const w = Number.parseInt(watermark ?? '', 10);
      const after = Number.isFinite(w) ? w : 0;
      return {
        activities: e.activities.filter((a) => a.seq > after).map((a) => a.activity),
        watermark: String(e.next - 1),
      };
    },
    /** Listens to new activities; returns the unsubscribe function, `full` at maxStreams, or undefined when gone. */
    subscribe(id: string, listener: (e: StreamEvent) => void): (() => void) | 'full' | undefined {
      const e = live(id);
      if (!e) return undefined;
      if (e.listeners.size >= limits.maxStreams) return 'full';
      e.listeners.add(listener);
      return () => void e.listeners.delete(listener);
    },
    get size(): number {
      return conversations.size;
    },
    /** Bytes (as JSON) of every activity held. */
    get bytes(): number {
      return bytes;
    },
  };
}

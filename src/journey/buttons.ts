/**
 * Buttons belong on the last message of a turn: Web Chat and most channels show suggested actions
 * only while their message is the latest, so a button on a message followed by another is never
 * seen ("Never ask again" after "No problem", then the next question). The turn's buttons are
 * gathered onto its last reply, its own first, each title once.
 */
import type { Reply } from './conversation-state.ts';

/** Moves the buttons of earlier replies onto the last one (in place). */
export function liftButtons(replies: Reply[]): void {
  const last = replies.at(-1);
  if (!last || replies.length < 2) return;
  const earlier = replies.slice(0, -1).flatMap((r) => r.suggestions ?? []);
  if (earlier.length === 0) return;
  const seen = new Set<string>();
  const all = [...(last.suggestions ?? []), ...earlier.reverse()].filter((s) => {
    if (seen.has(s.title)) return false;
    seen.add(s.title);
    return true;
  });
  for (const r of replies.slice(0, -1)) delete r.suggestions;
  last.suggestions = all;
}

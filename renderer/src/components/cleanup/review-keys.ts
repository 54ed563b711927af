/**
 * The review queue's keys, in one table: the help overlay lists it, the screen's key handler reads it.
 * Single keys as in Label Studio / FiftyOne review tools, chosen so one hand stays on the home row.
 */
export type ReviewAction =
  'accept' | 'pick' | 'keep' | 'ambiguous' | 'exclude' | 'undo' | 'next' | 'previous' | 'help';

export interface ReviewKey {
  action: ReviewAction;
  /** What the help shows, e.g. ['Enter', 'a']. */
  keys: string[];
  what: string;
}

export const REVIEW_KEYS: ReviewKey[] = [
  { action: 'accept', keys: ['Enter', 'a'], what: 'Accept the suggested label' },
  { action: 'pick', keys: ['c', '/'], what: 'Pick another class (type to filter, Enter to apply)' },
  { action: 'keep', keys: ['k'], what: 'Keep the given label: it is right' },
  { action: 'ambiguous', keys: ['m'], what: 'Mark ambiguous: no single label fits' },
  { action: 'exclude', keys: ['x'], what: 'Exclude the item from the dataset' },
  { action: 'undo', keys: ['u', 'Ctrl+Z'], what: 'Undo the last decision (a new log entry)' },
  { action: 'next', keys: ['↓', '→', 'j'], what: 'Next item in the queue' },
  { action: 'previous', keys: ['↑', '←'], what: 'Previous item in the queue' },
  { action: 'help', keys: ['?'], what: 'Show or hide these keys' },
];

/** Inputs one clicks rather than types into: review keys still work after ticking one. */
const NOT_TYPED = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range']);

/** True while the user types in a field: review keys must never fire then. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT') return true;
  if (target instanceof HTMLInputElement) return !NOT_TYPED.has(target.type);
  return false;
}

/**
 * The action a key press asks for, or null. `k` keeps the label (as the task's key list says), so
 * "previous" is on ↑/← only; `j` moves down as in Gmail.
 */
export function reviewActionOf(event: KeyboardEvent): ReviewAction | null {
  if (event.altKey) return null;
  const ctrl = event.ctrlKey || event.metaKey;
  if (ctrl) return event.key.toLowerCase() === 'z' && !event.shiftKey ? 'undo' : null;
  switch (event.key) {
    case 'Enter':
    case 'a':
      return 'accept';
    case 'c':
    case '/':
      return 'pick';
    case 'k':
      return 'keep';
    case 'm':
      return 'ambiguous';
    case 'x':
      return 'exclude';
    case 'u':
      return 'undo';
    case 'ArrowDown':
    case 'ArrowRight':
    case 'j':
      return 'next';
    case 'ArrowUp':
    case 'ArrowLeft':
      return 'previous';
    case '?':
      return 'help';
    default:
      return null;
  }
}

/**
 * Gives the keyboard back to the tagging grid after a pick in a select (a sample, a pair, a class): a
 * focused select would swallow the number keys, which are what the analyst presses next.
 */
export function focusTagGrid(): void {
  document.querySelector<HTMLElement>('[data-testid="tag-grid"]')?.focus();
}

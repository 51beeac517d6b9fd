/**
 * One growable buffer for every list the parser builds (call arguments,
 * tuple items, traversal steps, block labels, nested blocks). A list is
 * collected on top of the lists still open below it and copied out at its
 * exact length when complete, so the tree keeps no spare capacity and the
 * parse leaves no grown-then-dropped arrays behind (an array grown by `push`
 * from empty gets room for 17 elements; a syntax tree is mostly lists of 1-3).
 *
 * @module
 */

/** A stack of lists under construction, innermost on top. */
export class ListStack {
  // Never shrunk: V8 drops an array's storage when its length is set to 0.
  readonly #items: unknown[] = [];
  #top = 0;

  /** Starts a list: the mark to pass to {@link take}. */
  mark(): number {
    return this.#top;
  }

  /** Appends to the innermost open list. */
  push(item: unknown): void {
    const items = this.#items;
    if (this.#top < items.length) items[this.#top] = item;
    else items.push(item);
    this.#top++;
  }

  /** Number of items since `mark`. */
  sizeSince(mark: number): number {
    return this.#top - mark;
  }

  /** Item `i` of the list started at `mark`. */
  at<T>(mark: number, i: number): T {
    return this.#items[mark + i] as T;
  }

  /**
   * Ends the list started at `mark` and returns its items as an exact-length
   * array (the caller knows what it pushed).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { ListStack } from "./list_stack.ts";
   * const lists = new ListStack();
   * const outer = lists.mark();
   * lists.push("a");
   * const inner = lists.mark();
   * lists.push(1);
   * lists.push(2);
   * assert.deepEqual(lists.take<number>(inner), [1, 2]);
   * lists.push("b");
   * assert.deepEqual(lists.take<string>(outer), ["a", "b"]);
   * ```
   */
  take<T>(mark: number): T[] {
    const out = this.#items.slice(mark, this.#top) as T[];
    this.#top = mark;
    return out;
  }

  /** Ends the list started at `mark`, dropping its items (a construct abandoned by recovery). */
  drop(mark: number): void {
    this.#top = mark;
  }
}

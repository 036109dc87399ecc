/**
 * Cursor paging as the simulator answers lists [assumed]: `cursor` is the number of items already read (0 first),
 * `NextCursor` is the cursor of the next page, or 0 when this page is the last.
 */
export function pageOf<T>(items: readonly T[], cursor: number, limit: number): { items: T[]; nextCursor: number } {
  const end = cursor + limit;
  return { items: items.slice(cursor, end), nextCursor: end < items.length ? end : 0 };
}

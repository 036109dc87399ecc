import { timeOrderedId } from './time-ordered-id';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('timeOrderedId', () => {
  it('is a version 7 UUID whose first 48 bits are the milliseconds it was made at', () => {
    const at = Date.UTC(2026, 10, 22, 12, 0, 0, 123);
    const id = timeOrderedId(at + 10_000);
    expect(id).toMatch(UUID_V7);
    expect(parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(at + 10_000);
  });

  it('sorts in the order the ids were made, within one millisecond and across many', () => {
    const start = Date.now() + 60_000;
    const ids = [
      ...Array.from({ length: 5000 }, () => timeOrderedId(start)),
      ...Array.from({ length: 10 }, (_, i) => timeOrderedId(start + 5 + i)),
    ];
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    for (const id of ids) expect(id).toMatch(UUID_V7);
  });

  it('never goes backwards when the clock does', () => {
    const late = timeOrderedId(Date.now() + 120_000);
    const after = timeOrderedId(Date.now());
    expect(after > late).toBe(true);
  });
});

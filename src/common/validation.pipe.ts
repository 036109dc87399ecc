import { type ArgumentMetadata, Injectable } from '@nestjs/common';
import { ZodValidationPipe } from 'nestjs-zod';
import { InvalidInput } from './errors';

/**
 * The global pipe: every body, query and route parameter is refused (400, naming the field) when any text in
 * it holds a NUL byte, which PostgreSQL cannot store and no person types; then the route's zod DTO validates.
 * Runs before route-level pipes, so page forms and query filters are covered too.
 */
@Injectable()
export class AppValidationPipe extends ZodValidationPipe {
  override transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'custom') {
      const field = nulField(value);
      if (field !== null) {
        const name = [metadata.data, field].filter((p) => p !== undefined && p !== '').join('.') || metadata.type;
        throw new InvalidInput(name, 'contains a NUL byte (\\0), which text may not hold');
      }
    }
    return super.transform(value, metadata);
  }
}

/** The path of the first string (value or key) holding U+0000, '' for the value itself, null when none does. */
export function nulField(value: unknown): string | null {
  // Iterative, and each node points at its parent rather than carrying its path, so a body nested 400,000
  // deep is walked in linear time without overflowing the stack.
  interface Node {
    value: unknown;
    key: string | null;
    parent: Node | null;
  }
  const pathOf = (node: Node | null, last?: string): string => {
    const keys = last === undefined ? [] : [last];
    for (let n = node; n && n.key !== null; n = n.parent) keys.push(n.key);
    return keys.reverse().join('.');
  };
  const stack: Node[] = [{ value, key: null, parent: null }];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const v = node.value;
    if (typeof v === 'string') {
      if (v.includes('\0')) return pathOf(node);
      continue;
    }
    if (v === null || typeof v !== 'object' || Buffer.isBuffer(v)) continue;
    for (const [key, child] of Object.entries(v)) {
      if (key.includes('\0')) return pathOf(node, key.replace(/\0/g, '\\0'));
      stack.push({ value: child, key, parent: node });
    }
  }
  return null;
}

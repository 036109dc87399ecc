import { type EntityManager, type EntityProperty, ReferenceKind } from '@mikro-orm/core';

/** A property's value as the driver binds it: references as their key, dates, custom types and booleans as the platform stores them. */
export function toColumnValue(em: EntityManager, prop: EntityProperty, value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (prop.kind === ReferenceKind.MANY_TO_ONE) {
    const pk = prop.targetMeta?.primaryKeys[0] ?? 'id';
    return (value as Record<string, unknown>)[pk];
  }
  if (value instanceof Date) return em.getPlatform().processDateProperty(value);
  if (prop.customType) return prop.customType.convertToDatabaseValue(value, em.getPlatform(), { key: prop.name, mode: 'query-data' });
  if (typeof value === 'boolean') return em.getPlatform().constructor.name.startsWith('Sqlite') ? Number(value) : value;
  return value;
}

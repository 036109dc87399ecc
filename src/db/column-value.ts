import { type EntityManager, type EntityProperty, ReferenceKind } from '@mikro-orm/core';
import { isPostgres } from './platform';

/** A property's value as the driver binds it: references as their key, dates, custom types and booleans as the platform stores them. */
export function toColumnValue(em: EntityManager, prop: EntityProperty, value: unknown): unknown {
  return columnConverter(em, prop)(value);
}

/**
 * `toColumnValue` for one property, with what depends only on the property and the platform worked out once:
 * a bulk insert converts every value of 100,000 rows.
 */
export function columnConverter(em: EntityManager, prop: EntityProperty): (value: unknown) => unknown {
  const platform = em.getPlatform();
  const pk = prop.kind === ReferenceKind.MANY_TO_ONE ? (prop.targetMeta?.primaryKeys[0] ?? 'id') : null;
  const booleanAsNumber = !isPostgres(em);
  return (value) => {
    if (value === undefined || value === null) return null;
    if (pk !== null) return (value as Record<string, unknown>)[pk];
    if (value instanceof Date) return platform.processDateProperty(value);
    if (prop.customType) return prop.customType.convertToDatabaseValue(value, platform, { key: prop.name, mode: 'query-data' });
    if (typeof value === 'boolean') return booleanAsNumber ? Number(value) : value;
    return value;
  };
}

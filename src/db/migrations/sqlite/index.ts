import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261121194759 } from './Migration20261121194759';

export const SQLITE_MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261121194759', class: Migration20261121194759 },
];

import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261121194759 } from './Migration20261121194759';
import { Migration20261121195511 } from './Migration20261121195511';
import { Migration20261206171504 } from './Migration20261206171504';

export const SQLITE_MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261121194759', class: Migration20261121194759 },
  { name: 'Migration20261121195511', class: Migration20261121195511 },
  { name: 'Migration20261206171504', class: Migration20261206171504 },
];

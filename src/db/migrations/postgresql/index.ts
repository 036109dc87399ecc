import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261121194800 } from './Migration20261121194800';
import { Migration20261121195513 } from './Migration20261121195513';
import { Migration20261206171533 } from './Migration20261206171533';

export const POSTGRESQL_MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261121194800', class: Migration20261121194800 },
  { name: 'Migration20261121195513', class: Migration20261121195513 },
  { name: 'Migration20261206171533', class: Migration20261206171533 },
];

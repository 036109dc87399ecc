import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261121194800 } from './Migration20261121194800';
import { Migration20261121195513 } from './Migration20261121195513';
import { Migration20261206164538 } from './Migration20261206164538';
import { Migration20261206164618 } from './Migration20261206164618';
import { Migration20261206164655 } from './Migration20261206164655';
import { Migration20261206164727 } from './Migration20261206164727';
import { Migration20261206170606 } from './Migration20261206170606';
import { Migration20261206171533 } from './Migration20261206171533';
import { Migration20261206180215 } from './Migration20261206180215';
import { Migration20261206200136 } from './Migration20261206200136';
import { Migration20261206200839 } from './Migration20261206200839';
import { Migration20261206201509 } from './Migration20261206201509';
import { Migration20261206201542 } from './Migration20261206201542';
import { Migration20261206201633 } from './Migration20261206201633';
import { Migration20261206232308 } from './Migration20261206232308';
import { Migration20261206233948 } from './Migration20261206233948';

export const POSTGRESQL_MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261121194800', class: Migration20261121194800 },
  { name: 'Migration20261121195513', class: Migration20261121195513 },
  { name: 'Migration20261206164538', class: Migration20261206164538 },
  { name: 'Migration20261206164618', class: Migration20261206164618 },
  { name: 'Migration20261206164655', class: Migration20261206164655 },
  { name: 'Migration20261206164727', class: Migration20261206164727 },
  { name: 'Migration20261206170606', class: Migration20261206170606 },
  { name: 'Migration20261206171533', class: Migration20261206171533 },
  { name: 'Migration20261206180215', class: Migration20261206180215 },
  { name: 'Migration20261206200136', class: Migration20261206200136 },
  { name: 'Migration20261206200839', class: Migration20261206200839 },
  { name: 'Migration20261206201509', class: Migration20261206201509 },
  { name: 'Migration20261206201542', class: Migration20261206201542 },
  { name: 'Migration20261206201633', class: Migration20261206201633 },
  { name: 'Migration20261206232308', class: Migration20261206232308 },
  { name: 'Migration20261206233948', class: Migration20261206233948 },
];

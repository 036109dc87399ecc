import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261121194759 } from './Migration20261121194759';
import { Migration20261121195511 } from './Migration20261121195511';
import { Migration20261206164512 } from './Migration20261206164512';
import { Migration20261206164607 } from './Migration20261206164607';
import { Migration20261206164628 } from './Migration20261206164628';
import { Migration20261206164706 } from './Migration20261206164706';
import { Migration20261206170554 } from './Migration20261206170554';
import { Migration20261206171504 } from './Migration20261206171504';
import { Migration20261206200127 } from './Migration20261206200127';
import { Migration20261206200830 } from './Migration20261206200830';
import { Migration20261206201455 } from './Migration20261206201455';
import { Migration20261206201533 } from './Migration20261206201533';
import { Migration20261206201624 } from './Migration20261206201624';
import { Migration20261206232303 } from './Migration20261206232303';
import { Migration20261206233201 } from './Migration20261206233201';
import { Migration20261206233934 } from './Migration20261206233934';
import { Migration20261206234807 } from './Migration20261206234807';

export const SQLITE_MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261121194759', class: Migration20261121194759 },
  { name: 'Migration20261121195511', class: Migration20261121195511 },
  { name: 'Migration20261206164512', class: Migration20261206164512 },
  { name: 'Migration20261206164607', class: Migration20261206164607 },
  { name: 'Migration20261206164628', class: Migration20261206164628 },
  { name: 'Migration20261206164706', class: Migration20261206164706 },
  { name: 'Migration20261206170554', class: Migration20261206170554 },
  { name: 'Migration20261206171504', class: Migration20261206171504 },
  { name: 'Migration20261206200127', class: Migration20261206200127 },
  { name: 'Migration20261206200830', class: Migration20261206200830 },
  { name: 'Migration20261206201455', class: Migration20261206201455 },
  { name: 'Migration20261206201533', class: Migration20261206201533 },
  { name: 'Migration20261206201624', class: Migration20261206201624 },
  { name: 'Migration20261206232303', class: Migration20261206232303 },
  { name: 'Migration20261206233201', class: Migration20261206233201 },
  { name: 'Migration20261206233934', class: Migration20261206233934 },
  { name: 'Migration20261206234807', class: Migration20261206234807 },
];

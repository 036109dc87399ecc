import { ApiToken } from '../auth/api-token.entity';
import { User } from '../auth/user.entity';
import { AuditEvent } from '../audit/audit-event.entity';
import { ImportRecord } from '../ingest/import-record.entity';
import { ImportUnmatched } from '../ingest/import-unmatched.entity';
import { SourceFile } from '../ingest/source-file.entity';
import { Result } from '../results/result.entity';
import { ResultSet } from '../results/result-set.entity';
import { Setting } from '../results/setting.entity';
import { Client } from '../samples/client.entity';
import { Sample } from '../samples/sample.entity';
import { Submission } from '../state-system/submission.entity';

/** Every entity, listed explicitly so discovery is the same under ts-node, jest and the compiled build. */
export const ENTITIES = [
  User,
  ApiToken,
  AuditEvent,
  Client,
  Sample,
  SourceFile,
  ImportRecord,
  ImportUnmatched,
  ResultSet,
  Result,
  Submission,
  Setting,
];

import { ApiToken } from '../auth/api-token.entity';
import { SetPasswordLink } from '../auth/set-password-link.entity';
import { User } from '../auth/user.entity';
import { AuditEvent } from '../audit/audit-event.entity';
import { ImportRecord } from '../ingest/import-record.entity';
import { ImportUnmatched } from '../ingest/import-unmatched.entity';
import { SourceFile } from '../files/source-file.entity';
import { LabMethod } from '../methods/lab-method.entity';
import { LabInstrumentTemplate } from '../instrument-templates/lab-instrument-template.entity';
import { Result } from '../results/result.entity';
import { ResultSet } from '../results/result-set.entity';
import { Setting } from '../results/setting.entity';
import { Client } from '../samples/client.entity';
import { Sample } from '../samples/sample.entity';
import { SampleAlias } from '../samples/sample-alias.entity';
import { Submission } from '../outbox/submission.entity';
import { NotificationEmail } from '../notifications/notification-email.entity';
import { WebSessionRecord } from '../auth/web-session.entity';
import { AttemptCounter } from '../auth/attempt-counter.entity';
import { Signature } from '../signatures/signature.entity';

/** Every entity, listed explicitly so discovery is the same under ts-node, jest and the compiled build. */
export const ENTITIES = [
  User,
  ApiToken,
  AuditEvent,
  Client,
  Sample,
  SampleAlias,
  SourceFile,
  ImportRecord,
  ImportUnmatched,
  ResultSet,
  Result,
  Submission,
  Setting,
  LabMethod,
  NotificationEmail,
  LabInstrumentTemplate,
  SetPasswordLink,
  WebSessionRecord,
  AttemptCounter,
  Signature,
];

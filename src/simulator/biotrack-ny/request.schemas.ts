import { z } from 'zod';
import { isRfc3339 } from './rfc3339';
import { UidSchema } from './simulator-options.schemas';

const timestamp = z
  .string()
  .refine(isRfc3339, 'expected an RFC 3339 timestamp with Z or a ±hh:mm offset (a ±hhmm offset is refused)');
const externalId = z.string().min(1).max(200);
const hyperlink = z.url({ protocol: /^https?$/, error: 'expected an absolute http(s) URL' });

/**
 * Request bodies and query strings of the contract's endpoints. `strict` refuses unknown fields (400 naming them);
 * otherwise they are dropped. Both variants have the same output types.
 */
export function buildRequestSchemas(strict: boolean, maxPageSize: number) {
  const object = <S extends z.ZodRawShape>(shape: S) => (strict ? z.strictObject(shape) : z.object(shape));

  const testResult = object({
    TestPanel: z.string().min(1),
    TestValue: z.number().finite().min(0, 'expected a number >= 0'),
    TestPass: z.boolean().optional(),
    TestNote: z.string().min(1).max(200).optional(),
  });
  const testingData = object({
    TestID: z.number().int().positive(),
    SamplePreparationTime: timestamp.optional(),
    LabAnalysisTime: timestamp.optional(),
    TestResult: z.array(testResult).min(1, 'expected at least one TestResult'),
  });
  const resultShape = {
    TestingData: z.array(testingData).min(1, 'expected at least one TestingData entry'),
    CertOfAnalysisHyperlink: hyperlink.optional(),
    QualityControlDataHyperlink: hyperlink.optional(),
    ExternalID: externalId.optional(),
  };

  const pageNumber = (min: number, max: number) =>
    z
      .string()
      .regex(/^\d+$/, 'expected a whole number')
      .transform(Number)
      .pipe(z.number().min(min, `expected at least ${min}`).max(max, `expected at most ${max}`));
  const page = { cursor: pageNumber(0, Number.MAX_SAFE_INTEGER).optional(), limit: pageNumber(1, maxPageSize).optional() };

  return {
    body: {
      login: object({ Username: z.string().min(1), Password: z.string().min(1) }),
      postResult: object(resultShape),
      amendResult: object({ ...resultShape, AmendmentReason: z.string().min(1).max(2000).optional() }),
      receiveTransfer: object({
        Item: z
          .array(
            object({
              ID: z.number().int().positive(),
              ReceivedAmount: z.number().finite().min(0).optional(),
              IsRejected: z.boolean().optional(),
            }),
          )
          .optional(),
        IsRejected: z.boolean().optional(),
        ExternalID: externalId.optional(),
      }),
    },
    query: {
      page: object(page),
      pageByInventory: object({ ...page, inventoryid: UidSchema.optional() }),
      none: object({}),
    },
  };
}

export type RequestSchemaSet = ReturnType<typeof buildRequestSchemas>;
export type BodySchemaName = keyof RequestSchemaSet['body'];
export type QuerySchemaName = keyof RequestSchemaSet['query'];
export type LoginBody = z.output<RequestSchemaSet['body']['login']>;
export type PostResultBody = z.output<RequestSchemaSet['body']['postResult']>;
export type AmendResultBody = z.output<RequestSchemaSet['body']['amendResult']>;
export type ReceiveTransferBody = z.output<RequestSchemaSet['body']['receiveTransfer']>;
export type PageQuery = z.output<RequestSchemaSet['query']['page']>;
export type PageByInventoryQuery = z.output<RequestSchemaSet['query']['pageByInventory']>;

/** Formats zod issues as one line naming each field, e.g. `TestingData[0].TestResult[1].TestValue: expected number`. */
export function describeIssues(error: z.ZodError, where: 'body' | 'query', strictHint: boolean): string {
  return error.issues
    .map((issue) => {
      const path = formatPath(issue.path);
      if (issue.code === 'unrecognized_keys') {
        const fields = issue.keys.map((k) => `"${k}"`).join(', ');
        const hint = strictHint
          ? ' (the simulator refuses unknown fields; behaviour.unknownFields = "tolerate" ignores them)'
          : '';
        return `${path || where}: unknown field${issue.keys.length > 1 ? 's' : ''} ${fields}${hint}`;
      }
      return `${path || where}: ${issue.message}`;
    })
    .join('; ');
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)),
    '',
  );
}

import { z } from 'zod';

/**
 * The BioTrack NY contract (docs/biotrack-ny-contract.md) as zod schemas: what we send is checked before it leaves,
 * and every answer is checked before we use it. Answers keep only the fields we read and tolerate extra ones;
 * UIDs must be 16-digit strings (a JSON number cannot carry one without losing digits).
 */

export const UidSchema = z
  .string({ error: 'expected a UID: a string of exactly 16 digits (UIDs are never numbers)' })
  .regex(/^\d{16}$/, 'expected a UID: a string of exactly 16 digits');
const Id = z.number().int().nonnegative();

// ── requests ─────────────────────────────────────────────────────────────────────────────────────────

export const LoginBodySchema = z.strictObject({ Username: z.string().min(1), Password: z.string().min(1) });

export const ReceiveBodySchema = z.strictObject({ ExternalID: z.string().min(1).max(200) });

/** POST/PUT /v1/lab/sample/{id}/result; the note field's name is configuration (mapping file `noteField`). */
export function resultWriteBodySchema(noteField: string) {
  const testResult = z.strictObject({
    TestPanel: z.string().min(1),
    TestValue: z.number().finite().min(0, 'expected a number >= 0'),
    TestPass: z.boolean().optional(),
    [noteField]: z.string().min(1).optional(),
  });
  return z.strictObject({
    TestingData: z
      .array(
        z.strictObject({
          TestID: z.number().int().positive(),
          TestResult: z.array(testResult).min(1, 'expected at least one TestResult'),
        }),
      )
      .min(1, 'expected at least one TestingData entry'),
    CertOfAnalysisHyperlink: z.url({ protocol: /^https?$/, error: 'expected an absolute http(s) URL' }),
    ExternalID: z.string().min(1).max(200),
    AmendmentReason: z.string().min(1).max(2000).optional(),
  });
}

export interface ResultWriteBody {
  TestingData: Array<{ TestID: number; TestResult: Array<Record<string, string | number | boolean>> }>;
  CertOfAnalysisHyperlink: string;
  ExternalID: string;
  AmendmentReason?: string;
}

// ── answers ──────────────────────────────────────────────────────────────────────────────────────────

export const ErrorAnswerSchema = z.object({
  Error: z.string().optional(),
  ErrorCode: z.union([z.string(), z.number()]).optional(),
});

export const LoginAnswerSchema = z.object({ Session: z.string().min(1) });

export const TestResultSchema = z.looseObject({
  TestPanel: z.string().min(1),
  TestValue: z.number(),
  TestPass: z.boolean(),
  LabProvided: z.boolean().optional(),
  TransactionID: Id.optional(),
});

export const TestingDataSchema = z.object({
  TestID: z.number().int(),
  TestResult: z.array(TestResultSchema),
});

export const LabSampleSchema = z.object({
  ID: Id,
  InventoryID: UidSchema,
  ParentID: UidSchema.nullable().optional(),
  InventoryType: z.string().optional(),
  Result: z.string(),
  CertOfAnalysisHyperlink: z.string().nullable().optional(),
  TestingData: z.array(TestingDataSchema).default([]),
  TransactionID: Id.optional(),
  Deleted: z.boolean().optional(),
});
export type LabSampleAnswer = z.infer<typeof LabSampleSchema>;

export const InventorySchema = z.object({
  ID: UidSchema,
  InventoryType: z.string(),
  ProductName: z.string().nullable().optional(),
  QAStatus: z.string(),
  InventoryParentID: z.array(UidSchema).optional(),
  LabSample: z.array(LabSampleSchema).default([]),
});

export const InventoryTransferSchema = z.object({
  ID: Id,
  ManifestID: z.string().nullable().optional(),
  OutboundLicense: z.string().min(1),
  InboundLicense: z.string().min(1),
  Received: z.boolean(),
  IsRejected: z.boolean().optional(),
  Item: z.array(
    z.object({
      ID: Id,
      InventoryID: UidSchema,
      Received: z.boolean().optional(),
      IsRejected: z.boolean().optional(),
      Inventory: InventorySchema.optional(),
    }),
  ),
});
export type InventoryTransferAnswer = z.infer<typeof InventoryTransferSchema>;

const cursor = { NextCursor: Id };

export const InboundTransfersAnswerSchema = z.object({ InventoryTransfer: z.array(InventoryTransferSchema), ...cursor });
export const LabSampleListAnswerSchema = z.object({ LabSample: z.array(LabSampleSchema), ...cursor });
export const LabSampleOneAnswerSchema = z.object({ LabSample: LabSampleSchema });
export const InventoryListAnswerSchema = z.object({ Inventory: z.array(InventorySchema), ...cursor });

export const ResultWriteAnswerSchema = z.object({ TransactionID: Id, LabSample: z.array(LabSampleSchema).optional() });
export const ReceiveAnswerSchema = z.object({ TransactionID: Id, Inventory: z.array(InventorySchema).default([]) });

export const TestListAnswerSchema = z.object({
  Test: z.array(
    z.object({
      ID: z.number().int(),
      Name: z.string(),
      Panels: z.array(
        z.object({
          Name: z.string(),
          UOM: z.string(),
          TestValueRecordOnly: z.boolean().optional(),
          TotalPanel: z.boolean().optional(),
        }),
      ),
    }),
  ),
});

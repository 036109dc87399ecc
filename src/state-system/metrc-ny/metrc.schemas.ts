import { z } from 'zod';

/** Metrc's answers as docs/metrc-ny.md lists them; unknown fields pass (Metrc adds fields), missing ones fail. */
const int = z.number().int();
const str = z.string();

export const pageOf = <T extends z.ZodTypeAny>(row: T) =>
  z.object({
    Data: z.array(row),
    TotalPages: int.optional(),
    Page: int.optional(),
    CurrentPage: int.optional(),
    Total: int.optional(),
  });

export const FacilitySchema = z.object({
  Name: str,
  License: z.object({ Number: str, LicenseType: str.optional() }),
  FacilityType: z.object({ CanTestPackages: z.boolean() }).passthrough(),
});
export const FacilitiesSchema = z.array(FacilitySchema);

export const IncomingTransferSchema = z.object({
  Id: int,
  DeliveryId: int,
  ManifestNumber: str,
  ShipperFacilityLicenseNumber: str,
  ShipperFacilityName: str.optional(),
  ContainsTestingSample: z.boolean(),
  ReceivedDateTime: str.nullable(),
  LastModified: str,
});
export type IncomingTransfer = z.infer<typeof IncomingTransferSchema>;

export const DeliveryPackageSchema = z.object({
  PackageId: int,
  PackageLabel: str,
  ItemName: str.nullable().optional(),
  ItemCategoryName: str.nullable().optional(),
  IsTestingSample: z.boolean(),
  ShipmentPackageState: str,
  SourcePackageLabels: str.nullable().optional(),
});

export const PackageSchema = z.object({ Id: int, Label: str, LabTestingState: str.nullable().optional() });

export const LabTestTypeSchema = z.object({
  Id: int,
  Name: str,
  RequiresTestResult: z.boolean().optional(),
  InformationalOnly: z.boolean().optional(),
});

export const ResultRowSchema = z.object({
  PackageId: int,
  LabTestResultId: int,
  SourcePackageLabel: str.nullable().optional(),
  OverallPassed: z.boolean().nullable().optional(),
  TestTypeName: str,
  TestPassed: z.boolean(),
  TestResultLevel: z.number(),
  TestComment: str.nullable().optional(),
  ResultReleased: z.boolean(),
  LabTestResultDocumentFileId: int.nullable().optional(),
  RevokedDate: str.nullable().optional(),
  LabTestDetailRevokedDate: str.nullable().optional(),
});
export type ResultRow = z.infer<typeof ResultRowSchema>;

export const RecordAnswerSchema = z.object({ Ids: z.array(int).nullable().optional(), Warnings: z.unknown().optional() });

/** Error bodies: `[{row, message}]` or `{Message}` [inferred]. */
export const ErrorBodySchema = z.union([z.array(z.object({ row: int.optional(), message: str })), z.object({ Message: str })]);

/** Metrc NY records as the simulator keeps them (field names as Metrc answers them, docs/metrc-ny.md "Bodies"). */
export interface SimFacility {
  Name: string;
  License: { Number: string; LicenseType: string };
  FacilityType: { CanTestPackages: boolean };
}

export interface SimUser {
  userKey: string;
  /** Licenses this key may act for. */
  licenses: string[];
  revoked: boolean;
}

export interface SimPackage {
  Id: number;
  Label: string;
  IsTestingSample: boolean;
  LabTestingState: string;
  LabTestingRecordedDate: string | null;
  SourcePackageLabels: string | null;
  ReceivedFromFacilityLicenseNumber: string | null;
  Item: { Name: string; ProductCategoryName: string; LabTestBatchNames: string[] };
  LastModified: string;
  /** Sim only: the license holding it (the lab once its transfer is received). */
  holder: string;
}

export interface SimTransfer {
  Id: number;
  DeliveryId: number;
  ManifestNumber: string;
  ShipperFacilityLicenseNumber: string;
  ShipperFacilityName: string;
  RecipientLicense: string;
  ReceivedDateTime: string | null;
  LastModified: string;
  packageIds: number[];
}

export interface SimLabTestType {
  Id: number;
  Name: string;
  RequiresTestResult: boolean;
  InformationalOnly: boolean;
  ResearchAndDevelopment: boolean;
  AlwaysPasses: boolean;
  MaxAllowedFailureCount: number;
  LabTestResultMode: number;
  DependencyMode: number;
  LabTestResultMinimum: number | null;
  LabTestResultMaximum: number | null;
  LabTestResultExpirationDays: number | null;
}

export interface SimResultRow {
  PackageId: number;
  LabTestResultId: number;
  LabFacilityLicenseNumber: string;
  SourcePackageLabel: string;
  TestPerformedDate: string;
  OverallPassed: boolean;
  TestTypeName: string;
  TestPassed: boolean;
  TestResultLevel: number;
  TestComment: string;
  ResultReleased: boolean;
  ResultReleaseDateTime: string | null;
  LabTestResultDocumentFileId: number | null;
  RevokedDate: string | null;
  LabTestDetailRevokedDate: string | null;
}

/** A write the simulator applied, for tests to count effects. */
export interface SimEffect {
  kind: 'record' | 'document' | 'release';
  label: string;
  at: string;
  rows: number;
}

export interface SimRequest {
  method: string;
  path: string;
  status: number;
  fault: string | null;
}

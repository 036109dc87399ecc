/**
 * The objects of the BioTrack NY contract (shared/contracts/biotrack-ny.md), in the API's own PascalCase.
 * The simulator stores these shapes directly and answers with copies of them.
 */

export type QaStatus = 'Pending' | 'Passed' | 'Failed';

export interface TestResult {
  TestPanel: string;
  TestValue: number;
  TestPass: boolean;
  /** true when TestPass came from the lab, false when the simulator computed it [assumed meaning]. */
  LabProvided: boolean;
  /** Optional qualifier note (e.g. "ND") the lab sent with the value [assumed field]; absent when none was sent. */
  TestNote?: string;
  TransactionID: number;
}

export interface TestingData {
  TestID: number;
  SamplePreparationTime: string | null;
  LabAnalysisTime: string | null;
  TestResult: TestResult[];
}

export interface LabSample {
  ID: number;
  InventoryID: string;
  ParentID: string | null;
  InventoryType: string;
  LabLicense: string;
  LocationLicense: string;
  Amount: number;
  AmountUsed: number;
  Result: QaStatus;
  SampleUse: string;
  RnD: boolean;
  Medical: boolean;
  CertOfAnalysisHyperlink: string | null;
  QualityControlDataHyperlink: string | null;
  TestingData: TestingData[];
  SessionTime: number;
  TransactionID: number;
  Deleted: boolean;
}

/** An inventory item as stored; the API view adds `LabSample[]`. */
export interface InventoryItem {
  ID: string;
  ExternalID: string | null;
  InventoryParentID: string[];
  InventoryType: string;
  UOM: string;
  RemainingAmount: number;
  IsSample: boolean;
  QAStatus: QaStatus;
  LocationLicense: string;
  ProductName: string;
  Strain: string | null;
  Remediated: boolean;
  RemediationEligible: boolean;
  RemediationCount: number;
  SessionTime: number;
  TransactionID: number;
}

export interface Inventory extends InventoryItem {
  LabSample: LabSample[];
}

export interface InventoryTransferItem {
  ID: number;
  InventoryID: string;
  Amount: number;
  ReceivedAmount: number | null;
  Received: boolean;
  IsRejected: boolean;
}

export interface InventoryTransferRecord {
  ID: number;
  ManifestID: string;
  OutboundLicense: string;
  InboundLicense: string;
  TransferType: string;
  Received: boolean;
  ReceivedTime: string | null;
  IsRejected: boolean;
  Item: InventoryTransferItem[];
  SessionTime: number;
  TransactionID: number;
}

export interface InventoryTransfer extends Omit<InventoryTransferRecord, 'Item'> {
  Item: (InventoryTransferItem & { Inventory: Inventory })[];
}

export interface TestPanel {
  Name: string;
  UOM: string;
  InventoryType: string | null;
  PassFailCondition: PassFailCondition | null;
  PassFailLimit: number | null;
  PassFailConditional: string | null;
  TestValueRecordOnly: boolean;
  AddToTotal: boolean;
  TotalPanel: boolean;
}

/** A value passes when `TestValue <condition> PassFailLimit` holds [assumed encoding]. */
export type PassFailCondition = '<=' | '<' | '>=' | '>' | '=';

export interface Test {
  ID: number;
  Name: string;
  Panels: TestPanel[];
}

export interface ErrorBody {
  Error: string;
  ErrorCode: string;
}

/** Answer to POST/PUT /v1/lab/sample/{id}/result. */
export interface ResultWriteAnswer {
  Inventory: Inventory[];
  LabSample: LabSample[];
  TransactionID: number;
  SessionTime: number;
}

/** Answer to PUT /v1/lab/inventory/transfer/{id}/receive. */
export interface ReceiveAnswer {
  Inventory: Inventory[];
  InventoryTransfer: InventoryTransfer;
  TransactionID: number;
  SessionTime: number;
}

import type { Client } from './client.entity';
import type { Sample } from './sample.entity';

export interface ClientView {
  id: string;
  licenseNumber: string;
  name: string;
  ubi: string | null;
  integrated: boolean;
  address: string | null;
}

export interface SampleView {
  id: string;
  labSampleId: string;
  uid: string | null;
  sourceUid: string | null;
  client: { licenseNumber: string; name: string };
  batch: string | null;
  productName: string | null;
  productType: string;
  route: string;
  origin: string;
  receivedAt: string | null;
  collectedAt: string | null;
  remediatedLot: boolean;
  stateTransferId: string | null;
  stateManifestId: string | null;
  stateSampleId: number | null;
  labelClaims: Sample['labelClaims'];
  servingsPerPackage: string | null;
  prep: Sample['prep'];
  retestOf: { id: string; labSampleId: string } | null;
  createdAt: string;
}

export const toClientView = (c: Client): ClientView => ({
  id: c.id,
  licenseNumber: c.licenseNumber,
  name: c.name,
  ubi: c.ubi,
  integrated: c.integrated,
  address: c.address,
});

export const toSampleView = (s: Sample): SampleView => ({
  id: s.id,
  labSampleId: s.labSampleId,
  uid: s.uid,
  sourceUid: s.sourceUid,
  client: { licenseNumber: s.client.licenseNumber, name: s.client.name },
  batch: s.batch,
  productName: s.productName,
  productType: s.productType,
  route: s.route,
  origin: s.origin,
  receivedAt: s.receivedAt?.toISOString() ?? null,
  collectedAt: s.collectedAt?.toISOString() ?? null,
  remediatedLot: s.remediatedLot,
  stateTransferId: s.stateTransferId,
  stateManifestId: s.stateManifestId,
  stateSampleId: s.stateSampleId,
  labelClaims: s.labelClaims,
  servingsPerPackage: s.servingsPerPackage,
  prep: s.prep,
  retestOf: s.retestOf ? { id: s.retestOf.id, labSampleId: s.retestOf.labSampleId } : null,
  createdAt: s.createdAt.toISOString(),
});

/** The audit snapshot of a sample: its facts, without relations. */
export const sampleAuditFields = (s: Sample) => ({
  labSampleId: s.labSampleId,
  uid: s.uid,
  sourceUid: s.sourceUid,
  client: s.client.licenseNumber,
  batch: s.batch,
  productName: s.productName,
  productType: s.productType,
  route: s.route,
  origin: s.origin,
  prep: s.prep,
  collectedAt: s.collectedAt?.toISOString() ?? null,
  remediatedLot: s.remediatedLot,
  retestOf: s.retestOf?.labSampleId ?? null,
});

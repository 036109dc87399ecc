/** Everything a licensee-facing export shows about one approved result set. Built by the licensee service. */
export interface CertificateView {
  lab: { name: string; license: string };
  sample: {
    labSampleId: string;
    uid: string | null;
    sourceUid: string | null;
    productName: string | null;
    productType: string;
    route: string;
    batch: string | null;
    client: { licenseNumber: string; name: string };
  };
  resultSet: {
    id: string;
    version: number;
    status: string;
    verdict: string | null;
    approvedAt: string | null;
    approvedBy: string | null;
    origin: string;
    panels: Record<string, string>;
  };
  /** Manually entered from an offline (non-integrated) source: who tested it and the paper certificate. */
  offlineSource: Record<string, unknown> | null;
  results: Array<{
    panel: string;
    analyte: string;
    name: string;
    value: string | null;
    qualifier: string | null;
    unit: string;
    reportedValue: string;
    reportedUnit: string;
    loq: string | null;
    limit: string | null;
    status: string;
    derived: boolean;
  }>;
  /** Earlier and later versions of the same sample's results, oldest first. */
  amendments: Array<{ version: number; status: string; reason: string | null; approvedAt: string | null }>;
  verificationUrl: string;
  /** Where the data came from: this lab's records or the state system. */
  source: 'lab' | 'state-system';
}

/** Everything a licensee-facing export shows about one approved result set. Built by the licensee service. */
export interface CertificateView {
  /** The lab issuing the document (from configuration). */
  lab: {
    name: string;
    license: string;
    address?: string | null;
    phone?: string | null;
    email?: string | null;
    accreditation?: { body: string | null; number: string | null };
  };
  /**
   * Set when the results are another lab's (typed in from its certificate, or imported from a certificate that
   * names another permit): the document is then a record of that lab's results, never this lab's testing.
   */
  reportedBy?: {
    name: string;
    license: string | null;
    certificateNumber: string | null;
    certificateDate: string | null;
    /** Where the original certificate can be fetched, when the service holds it. */
    originalUrl: string | null;
  } | null;
  /** `<lab sample ID>-V<version>`: one number per issued version. */
  certificateNumber?: string;
  sample: {
    labSampleId: string;
    uid: string | null;
    sourceUid: string | null;
    productName: string | null;
    productType: string;
    route: string;
    batch: string | null;
    matrix?: string | null;
    client: { licenseNumber: string; name: string; address?: string | null };
  };
  /** As recorded: ISO instants in UTC, `YYYY-MM-DD` dates, or `YYYY-MM-DD HH:mm` lab-local times read off a certificate. */
  dates?: { collected: string | null; received: string | null; tested: string | null; released: string | null };
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
  /**
   * Who signed the release, as much as is known of them: e-signatures with their full name and title as signed, the
   * meaning and the content fingerprint; for a set released before e-signatures, the approver and time alone
   * (`meaning` and `fingerprint` null: nothing is invented).
   */
  signatures?: Array<{
    /** "Approved", "Released in the state system". */
    step: string;
    meaning: string | null;
    name: string;
    title: string | null;
    at: string;
    /** sha256 of the signed version's content. */
    fingerprint: string | null;
  }>;
  /** Per panel, the lab methods its results were judged by ("HPLC potency (hplc-potency v3), Shimadzu Nexera"). */
  methods?: Record<string, string[]>;
  /** A deliberately partial release (an override of the readiness check), said on the first page. */
  partialRelease?: { reason: string; missingPanels: string[] } | null;
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
    limitText?: string | null;
    /** The limit the status was judged against, as printed: the source's own, or the applied table's (with its unit when it differs). */
    limitApplied?: string | null;
    status: string;
    derived: boolean;
  }>;
  /** Earlier and later versions of the same sample's results, oldest first. */
  amendments: Array<{ version: number; status: string; reason: string | null; approvedAt: string | null }>;
  verificationUrl: string;
  /** Where the data came from: this lab's records or the state system. */
  source: 'lab' | 'state-system';
}

import type {
  SimEffect,
  SimFacility,
  SimLabTestType,
  SimPackage,
  SimRequest,
  SimResultRow,
  SimTransfer,
  SimUser,
} from './metrc-sim.types';

export const SIM_VENDOR_KEY = 'sim-vendor-key-0001';
export const SIM_LAB = { license: 'LAB-NY-000042', userKey: 'sim-lab-user-key', name: 'Hudson Valley Testing Lab' };
export const SIM_CULTIVATOR = { license: 'OCM-CULT-24-000112', userKey: 'sim-cultivator-user-key', name: 'Finger Lakes Farm' };

/** Switches for the contract's [assumed] points (docs/metrc-ny.md, Simulator). */
export interface MetrcSimBehaviour {
  /** #8/#9 on a released sample is a row error. */
  lockAfterRelease: boolean;
  /** A second record of a type appends rows (Metrc keeps both) or is refused. */
  duplicatePolicy: 'append' | 'reject';
  /** `Passed: true` above `LabTestResultMaximum` is a row error. */
  enforceLimits: boolean;
  /** Lists without a lastModified window see only the last 24 hours. */
  maxPageSize: number;
  /** A licensee's #11 on its own package also shows the released results of samples drawn from it [assumed]. */
  resultsOnSourcePackage: boolean;
}

export const DEFAULT_METRC_BEHAVIOUR: MetrcSimBehaviour = {
  lockAfterRelease: true,
  duplicatePolicy: 'append',
  enforceLimits: false,
  maxPageSize: 20,
  resultsOnSourcePackage: true,
};

/** In-memory Metrc NY: facilities, keys, packages, transfers, the lab test catalogue, results and the write log. */
export class MetrcSimState {
  readonly facilities: SimFacility[] = [
    {
      Name: SIM_LAB.name,
      License: { Number: SIM_LAB.license, LicenseType: 'Laboratory' },
      FacilityType: { CanTestPackages: true },
    },
    {
      Name: SIM_CULTIVATOR.name,
      License: { Number: SIM_CULTIVATOR.license, LicenseType: 'Adult-Use Cultivator' },
      FacilityType: { CanTestPackages: false },
    },
  ];
  readonly vendorKeys = new Set([SIM_VENDOR_KEY]);
  readonly users = new Map<string, SimUser>([
    [SIM_LAB.userKey, { userKey: SIM_LAB.userKey, licenses: [SIM_LAB.license], revoked: false }],
    [SIM_CULTIVATOR.userKey, { userKey: SIM_CULTIVATOR.userKey, licenses: [SIM_CULTIVATOR.license], revoked: false }],
  ]);
  readonly packages = new Map<number, SimPackage>();
  readonly transfers: SimTransfer[] = [];
  types: SimLabTestType[] = [];
  readonly results: SimResultRow[] = [];
  readonly documents = new Map<number, { name: string; bytes: Buffer }>();
  readonly effectLog: SimEffect[] = [];
  readonly requests: SimRequest[] = [];
  private nextId = 100_000;

  constructor(
    readonly behaviour: MetrcSimBehaviour,
    private readonly now: () => Date,
  ) {}

  id(): number {
    this.nextId += 1;
    return this.nextId;
  }

  stamp(): string {
    return this.now()
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
  }

  packageByLabel(label: string): SimPackage | undefined {
    for (const p of this.packages.values()) if (p.Label === label) return p;
    return undefined;
  }

  /** Seeds the catalogue from type names (the mapping file's, normally). */
  seedTypes(names: readonly string[]): void {
    this.types = names.map((Name) => ({
      Id: this.id(),
      Name,
      RequiresTestResult: false,
      InformationalOnly: false,
      ResearchAndDevelopment: false,
      AlwaysPasses: false,
      MaxAllowedFailureCount: 0,
      LabTestResultMode: 0,
      DependencyMode: 0,
      LabTestResultMinimum: null,
      LabTestResultMaximum: null,
      LabTestResultExpirationDays: null,
    }));
  }

  /** A manifest from the cultivator to the lab with one testing sample per label, not yet received. */
  createTransfer(labels: readonly string[], opts: { category?: string; source?: (label: string) => string } = {}): SimTransfer {
    const stamp = this.stamp();
    const transfer: SimTransfer = {
      Id: this.id(),
      DeliveryId: this.id(),
      ManifestNumber: String(this.id()).padStart(10, '0'),
      ShipperFacilityLicenseNumber: SIM_CULTIVATOR.license,
      ShipperFacilityName: SIM_CULTIVATOR.name,
      RecipientLicense: SIM_LAB.license,
      ReceivedDateTime: null,
      LastModified: stamp,
      packageIds: [],
    };
    for (const label of labels) {
      const pkg: SimPackage = {
        Id: this.id(),
        Label: label,
        IsTestingSample: true,
        LabTestingState: 'TestPending',
        LabTestingRecordedDate: null,
        SourcePackageLabels: opts.source ? opts.source(label) : null,
        ReceivedFromFacilityLicenseNumber: SIM_CULTIVATOR.license,
        Item: {
          Name: `Sample of ${label}`,
          ProductCategoryName: opts.category ?? 'Flower',
          LabTestBatchNames: ['NY Flower Compliance'],
        },
        LastModified: stamp,
        holder: SIM_CULTIVATOR.license,
      };
      this.packages.set(pkg.Id, pkg);
      transfer.packageIds.push(pkg.Id);
    }
    this.transfers.push(transfer);
    return transfer;
  }

  /** A package (a lot) the cultivator holds, from which testing samples may be drawn (createTransfer's `source`). */
  createLot(label: string, holder: string = SIM_CULTIVATOR.license): SimPackage {
    const stamp = this.stamp();
    const pkg: SimPackage = {
      Id: this.id(),
      Label: label,
      IsTestingSample: false,
      LabTestingState: 'TestPending',
      LabTestingRecordedDate: null,
      SourcePackageLabels: null,
      ReceivedFromFacilityLicenseNumber: null,
      Item: { Name: `Lot ${label}`, ProductCategoryName: 'Flower', LabTestBatchNames: [] },
      LastModified: stamp,
      holder,
    };
    this.packages.set(pkg.Id, pkg);
    return pkg;
  }

  /** Stands in for receiving the manifest in Metrc's web UI (no API exists for it). */
  receive(transferId: number): void {
    const t = this.transfers.find((x) => x.Id === transferId);
    if (!t) throw new Error(`no transfer ${transferId}`);
    const stamp = this.stamp();
    t.ReceivedDateTime = stamp;
    t.LastModified = stamp;
    for (const id of t.packageIds) {
      const p = this.packages.get(id);
      if (p) {
        p.holder = t.RecipientLicense;
        p.LastModified = stamp;
      }
    }
  }

  effects(filter: { kind?: SimEffect['kind']; label?: string } = {}): SimEffect[] {
    return this.effectLog.filter((e) => (!filter.kind || e.kind === filter.kind) && (!filter.label || e.label === filter.label));
  }

  /** The rows Metrc holds for a label (for tests: "the simulator holds exactly those rows"). */
  resultsOf(label: string): SimResultRow[] {
    const pkg = this.packageByLabel(label);
    return pkg ? this.results.filter((r) => r.PackageId === pkg.Id) : [];
  }
}

import {
  AmendFormSchema,
  BulkApproveFormSchema,
  ConfirmFormSchema,
  RejectFormSchema,
  ReleaseFormSchema,
  LicenseeLookupSchema,
  ManualEntryFormSchema,
  ResolveConflictFormSchema,
  UploadFieldsSchema,
} from './web-forms.schemas';
import { safeNext } from './web-session.service';

describe('web forms become the API requests', () => {
  it('drops the upload form’s empty fields, so "Detect automatically" sends no template', () => {
    expect(UploadFieldsSchema.parse({ template: '', mass: ' 0.500 ', volume: '', dilution: '', mapping: '' })).toEqual({
      mass: '0.500',
    });
  });

  it.each([
    [
      'an array',
      {
        reason: 'Lead was re-integrated.',
        changes: [
          { analyte: 'Lead', value: '0.40', qualifier: '', unit: '' },
          { analyte: '', value: '', qualifier: '', unit: '' },
        ],
      },
    ],
    [
      'an object keyed by row (past 20 rows)',
      {
        reason: 'Lead was re-integrated.',
        changes: { '0': { analyte: 'Lead', value: '0.40' }, '21': { analyte: '', value: '' } },
      },
    ],
  ])('reads amendment rows sent as %s and ignores the blank ones', (_, form) => {
    expect(AmendFormSchema.parse(form)).toEqual({
      reason: 'Lead was re-integrated.',
      changes: [{ analyte: 'Lead', value: '0.40' }],
    });
  });

  it('applies the API’s own rules after the form is read: a change needs a value or a qualifier', () => {
    const r = AmendFormSchema.safeParse({
      reason: 'Lead was re-integrated.',
      changes: [{ analyte: 'Lead', value: '', qualifier: '' }],
    });
    expect(r.success).toBe(false);
  });

  it('refuses a field the form does not have', () => {
    expect(UploadFieldsSchema.safeParse({ template: '', extra: 'x' }).success).toBe(false);
  });

  it.each([
    ['existing', 'existing'],
    ['1', 1],
  ])('reads the conflict choice "%s" as %j', (choose, expected) => {
    expect(
      ResolveConflictFormSchema.parse({ analyte: 'lead', choose, reason: 'the metals run is the accredited method' }).choose,
    ).toBe(expected);
  });

  it('confirms only the ticked values, with a corrected reading when one was typed', () => {
    expect(
      ConfirmFormSchema.parse({
        values: [
          { analyte: 'thca', confirm: 'yes', value: '', qualifier: '' },
          { analyte: 'lead', value: '' },
          { analyte: 'moisture', confirm: 'yes', value: '11.4' },
        ],
      }),
    ).toEqual({ values: [{ analyte: 'thca' }, { analyte: 'moisture', value: '11.4' }] });
  });

  it('builds the manual entry from the flat form: lab and certificate grouped, blank rows dropped, a qualifier only without a value', () => {
    const entry = ManualEntryFormSchema.parse({
      uid: '4815020000099001',
      clientLicense: 'OCM-RETL-24-000415',
      supplierLicense: 'OCM-CULT-24-000999',
      supplierUid: '',
      productType: 'flower',
      route: '',
      productName: 'Paper Flower',
      batch: '',
      labName: 'Example Analytical Lab',
      labLicense: 'OCM-CPL-2099-00001',
      certificateNumber: '',
      certificateDate: '2026-01-09',
      results: [
        { analyte: 'Lead', value: '0.20', qualifier: 'ND', unit: 'ug/g', loq: '', limit: '' },
        { analyte: 'Arsenic', value: '', qualifier: 'ND', unit: 'ug/g', loq: '0.05', limit: '' },
        { analyte: '', value: '', qualifier: '', unit: '', loq: '', limit: '' },
      ],
    });
    expect(entry).toEqual({
      uid: '4815020000099001',
      clientLicense: 'OCM-RETL-24-000415',
      supplierLicense: 'OCM-CULT-24-000999',
      productType: 'flower',
      productName: 'Paper Flower',
      lab: { name: 'Example Analytical Lab', license: 'OCM-CPL-2099-00001' },
      certificate: { date: '2026-01-09' },
      results: [
        { analyte: 'Lead', value: '0.20', unit: 'ug/g' },
        { analyte: 'Arsenic', qualifier: 'ND', unit: 'ug/g', loq: '0.05' },
      ],
    });
  });

  it.each([
    ['', true],
    ['4815020000009001', true],
    // Not a UID: the page says so in words rather than refusing the request.
    ['48150200', true],
    ['x'.repeat(81), false],
  ])('takes the UID "%s" as typed, up to 80 characters (%s)', (uid, ok) => {
    expect(LicenseeLookupSchema.safeParse({ uid }).success).toBe(ok);
  });

  it.each([
    ['/review/abc?x=1', '/review/abc?x=1'],
    ['//evil.example/', null],
    ['/\\evil.example', null],
    ['https://evil.example/', null],
    ['/login?next=/x', null],
    [undefined, null],
  ])('after sign-in goes on to %j only when it is a path on this site (%j)', (next, expected) => {
    expect(safeNext(next)).toBe(expected);
  });

  it('posts the signature fields as the API’s signature, with the override or reason beside them', () => {
    const signature = { meaning: ' Reviewed and approved for release ', password: ' pass phrase ' };
    expect(ReleaseFormSchema.parse({ signature })).toEqual({
      signature: { meaning: 'Reviewed and approved for release', password: ' pass phrase ' },
    });
    expect(ReleaseFormSchema.parse({ overrideReason: 'The client ordered potency only.', signature })).toMatchObject({
      override: { reason: 'The client ordered potency only.' },
      signature: { meaning: 'Reviewed and approved for release' },
    });
    expect(ReleaseFormSchema.parse({})).toEqual({});
    expect(RejectFormSchema.parse({ reason: 'Lead on the wrong peak.', signature })).toMatchObject({
      reason: 'Lead on the wrong peak.',
      signature: { password: ' pass phrase ' },
    });
    expect(RejectFormSchema.safeParse({ reason: 'short', signature }).success).toBe(false);
  });

  it('reads the bulk approval’s ticked boxes, one or many, and refuses none ticked', () => {
    const a = '01a24c55-440a-7000-a7b8-6d50e259474a';
    const b = '01a24c55-440a-7000-a7b8-6d50e259474b';
    const signature = { meaning: 'Reviewed', password: 'x' };
    expect(BulkApproveFormSchema.parse({ ids: a, signature }).ids).toEqual([a]);
    expect(BulkApproveFormSchema.parse({ ids: [a, b], signature }).ids).toEqual([a, b]);
    expect(BulkApproveFormSchema.safeParse({ signature }).error?.issues[0].message).toBe('tick at least one set to approve');
  });
});

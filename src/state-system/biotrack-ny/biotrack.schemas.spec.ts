import { LabSampleSchema, resultWriteBodySchema } from './biotrack.schemas';

const sample = { ID: 12, InventoryID: '4815020000009001', ParentID: '4815020000003101', Result: 'Pending', TestingData: [] };

describe('BioTrack NY answers: UIDs are 16-digit strings, never numbers', () => {
  it('reads a lab sample whose UIDs are strings', () => {
    expect(LabSampleSchema.parse(sample)).toMatchObject({ InventoryID: '4815020000009001' });
  });

  it.each([
    ['a UID sent as a JSON number (its digits are already lost)', { ...sample, InventoryID: 4815020000009001 }, 'InventoryID'],
    ['a 15-digit UID', { ...sample, InventoryID: '481502000000900' }, 'InventoryID'],
    ['a parent UID as a number', { ...sample, ParentID: 4815020000003101 }, 'ParentID'],
  ])('refuses %s', (_, answer, field) => {
    const parsed = LabSampleSchema.safeParse(answer);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toEqual([field]);
  });
});

describe('the result body we send', () => {
  const body = {
    TestingData: [{ TestID: 8, TestResult: [{ TestPanel: 'lead', TestValue: 0.12, TestPass: true, TestNote: 'ND' }] }],
    CertOfAnalysisHyperlink: 'http://localhost:3000/api/certificates/x.pdf',
    ExternalID: 'abc',
  };

  it('accepts the configured note field', () => {
    expect(resultWriteBodySchema('TestNote').safeParse(body).success).toBe(true);
  });

  it.each([
    ['a note under another name', resultWriteBodySchema('Comment'), body],
    [
      'a negative value',
      resultWriteBodySchema('TestNote'),
      { ...body, TestingData: [{ TestID: 8, TestResult: [{ TestPanel: 'lead', TestValue: -1 }] }] },
    ],
    ['a CoA that is not a link', resultWriteBodySchema('TestNote'), { ...body, CertOfAnalysisHyperlink: 'coa.pdf' }],
    ['no results', resultWriteBodySchema('TestNote'), { ...body, TestingData: [] }],
  ])('refuses %s', (_, schema, candidate) => {
    expect(schema.safeParse(candidate).success).toBe(false);
  });
});

import * as path from 'node:path';
import { identifyLab, loadLabRegistry, permitSerial } from './lab-registry';

const registry = loadLabRegistry(path.resolve(__dirname, '../../templates/labs/ny-permitted-labs.json'));

describe('the New York lab registry', () => {
  it('lists the sixteen permitted labs, each permit once', () => {
    expect(registry.labs).toHaveLength(16);
    expect(new Set(registry.labs.map((l) => l.permit)).size).toBe(16);
  });

  it.each([
    ['OCM-CPL-2022-00011', '00011'],
    ['OCM-CPL-00011', '00011'],
    ['OCM-CPL-24-00011-L1', '00011'],
    ['Lic. # OCM-CPL-00001', '00001'],
    ['OCM-PROC-24-000030', null],
    ['CMTL-0002', null],
  ])('reads the permit serial of %s', (printed, serial) => {
    expect(permitSerial(printed)).toBe(serial);
  });

  it('names a lab by the permit it prints, in any printed form', () => {
    for (const license of ['OCM-CPL-2022-00011', 'OCM-CPL-00011', 'OCM-CPL-24-00011-L1']) {
      expect(identifyLab(registry, { name: 'DRS Testing, LLC', license })).toEqual({
        name: 'DRS Testing',
        permit: 'OCM-CPL-00011',
        permitted: true,
        matchedBy: 'permit',
      });
    }
  });

  it('names a lab by a name it is known by when no permit is printed', () => {
    expect(identifyLab(registry, { name: 'act laboratories' })).toMatchObject({
      name: 'ACT Laboratories (NY)',
      permit: 'OCM-CPL-00001',
      matchedBy: 'name',
    });
  });

  it('says a lab outside the list holds no permit, keeping its printed name', () => {
    expect(identifyLab(registry, { name: 'Kaycha Labs', license: 'CMTL-0002' })).toEqual({
      name: 'Kaycha Labs',
      permit: null,
      permitted: false,
      matchedBy: null,
    });
  });
});

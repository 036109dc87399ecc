import { BadRequestException } from '@nestjs/common';
import { ImportRejected } from '../ingest/import-rejected.error';
import { errorAnswer } from './error-answer';
import { Conflict, DiskFull } from './errors';

describe('the one error-to-status table', () => {
  it('answers a refused file with 422, its reason and where in the file', () => {
    const e = new ImportRejected('not a number', {
      template: 'generic-long',
      location: { row: 3, column: 'C' },
      code: 'bad_value',
    });
    expect(errorAnswer(e)).toEqual({
      statusCode: 422,
      error: 'Unprocessable Entity',
      message: 'template generic-long: row 3, column C: not a number',
      details: { reason: 'not a number', template: 'generic-long', location: { row: 3, column: 'C' }, code: 'bad_value' },
    });
  });

  it('answers domain errors with their own status, Nest exceptions with theirs, a full disk with 507', () => {
    expect(errorAnswer(new Conflict('already approved'))).toMatchObject({ statusCode: 409, error: 'Conflict' });
    expect(errorAnswer(new BadRequestException(['a', 'b']))).toMatchObject({ statusCode: 400, message: 'a; b' });
    expect(errorAnswer(Object.assign(new Error('write failed'), { code: 'ENOSPC' }))).toMatchObject({
      statusCode: 507,
      message: new DiskFull().message,
    });
  });

  it("leaves the service's own faults to the filters", () => {
    expect(errorAnswer(new TypeError('x is undefined'))).toBeUndefined();
  });
});

import { toIsoDate, type DateOrder } from './certificate-dates';

describe('toIsoDate', () => {
  it.each<[string, DateOrder, boolean, string]>([
    ['02/27/2025', 'MDY', false, '2025-02-27'],
    ['02/27/25 10:05', 'MDY', true, '2025-02-27 10:05'],
    ['08/14/2025; 10:02', 'MDY', true, '2025-08-14 10:02'],
    ['08/14/2025 10:17:52', 'MDY', true, '2025-08-14 10:17'],
    ['08/14/2025 10:17', 'MDY', false, '2025-08-14'],
    ['03/21/23', 'MDY', false, '2023-03-21'],
    ['Mar 21, 2023', 'MDY', false, '2023-03-21'],
    ['12 NOVEMBER 2021', 'MDY', false, '2021-11-12'],
    ['Test Date: 12 Nov 21', 'MDY', false, '2021-11-12'],
    ['Test Date: 06-09 Nov 21', 'MDY', false, '2021-11-09'],
    ['21/03/2023', 'DMY', false, '2023-03-21'],
    ['2023-03-21', 'YMD', false, '2023-03-21'],
    ['02/27/2025', 'MDY', true, '2025-02-27'],
  ])('reads %j (%s, time %s) as %j', (printed, order, withTime, iso) => {
    expect(toIsoDate(printed, order, withTime)).toBe(iso);
  });

  it.each(['', 'N/A', '13/45/2025', 'pending', '12 Nol 21'])('does not invent a date from %j', (printed) => {
    expect(toIsoDate(printed, 'MDY', false)).toBeUndefined();
  });
});

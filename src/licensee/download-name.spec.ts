import { downloadFileName } from './download-name';

const withSample = (productName: string | null, batch: string | null, uid: string | null) => ({
  sample: { productName, batch, uid },
});

describe('downloadFileName', () => {
  it.each([
    ['Blue Dream 3.5g', 'BD-0325', '4815020000009001', 'pdf', 'Blue-Dream-3.5g_BD-0325_4815020000009001.pdf'],
    [
      'Stay Melo | #7 | 3.5g Jar | Flower',
      'SM060925-J35-GG-H6/7',
      '4815020000012626',
      'xlsx',
      'Stay-Melo-7-3.5g-Jar-Flower_SM060925-J35-GG-H6-7_4815020000012626.xlsx',
    ],
    ['=HYPERLINK("http://x","Blue Dream")', null, '4815020000009001', 'csv', 'HYPERLINK-http-x-Blue-Dream_4815020000009001.csv'],
    ['Café Crème ✨', 'B"1\r\n', '4815020000009001', 'json', 'Cafe-Creme_B-1_4815020000009001.json'],
    [null, null, null, 'pdf', '4815020000003101.pdf'],
  ])('names %j batch %j UID %j as a .%s file: %s', (product, batch, uid, format, name) => {
    expect(downloadFileName(withSample(product, batch, uid), '4815020000003101', format)).toBe(name);
  });
});

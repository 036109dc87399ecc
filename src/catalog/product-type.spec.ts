import { parsePanel } from './panel';
import {
  PRODUCT_TYPES,
  defaultRoute,
  productTypeFromMatrix,
  typeOfUseFromText,
  type ProductType,
  type Route,
} from './product-type';

describe('productTypeFromMatrix', () => {
  it.each([
    ['Plant, Flower - Cured', 'flower'],
    ['Flower', 'flower'],
    ['Plant', 'flower'],
    ['Plant, Preroll', 'pre_roll'],
    ['Pre-Roll', 'pre_roll'],
    ['Plant, Enhanced/Infused Preroll', 'infused_pre_roll'],
    ['Infused Pre-Roll', 'infused_pre_roll'],
    ['Concentrate', 'concentrate'],
    ['Live Rosin', 'concentrate'],
    ['Vape Cartridge', 'vape'],
    ['Distillate Cartridge', 'vape'],
    ['Edible', 'edible'],
    ['Gummies', 'edible'],
    ['Beverage', 'beverage'],
    ['Tincture', 'tincture'],
    ['Topical Lotion', 'topical'],
    ['Capsules', 'capsule'],
    ['Other', 'other'],
  ] as const)('reads %j as %s', (matrix, type) => {
    expect(productTypeFromMatrix(matrix)).toBe(type);
  });

  it.each(['', 'Oil', 'Sample'])('does not guess a product type for %j', (matrix) => {
    expect(productTypeFromMatrix(matrix)).toBeNull();
  });
});

describe('defaultRoute', () => {
  const routes: Record<ProductType, Route> = {
    flower: 'inhaled',
    pre_roll: 'inhaled',
    infused_pre_roll: 'inhaled',
    concentrate: 'inhaled',
    vape: 'inhaled',
    edible: 'oral',
    beverage: 'oral',
    tincture: 'oral',
    capsule: 'oral',
    topical: 'topical',
    other: 'inhaled',
  };
  it.each(PRODUCT_TYPES.map((t) => [t, routes[t]] as const))('uses %s by the %s route', (type, route) => {
    expect(defaultRoute(type)).toBe(route);
  });
});

describe('typeOfUseFromText', () => {
  it.each([
    ['Adult Use', 'adult_use'],
    ['adult-use', 'adult_use'],
    ['Recreational', 'adult_use'],
    ['Medical', 'medical'],
    ['Medicinal', 'medical'],
    ['Research', null],
  ])('reads %j as %s', (text, use) => {
    expect(typeOfUseFromText(text)).toBe(use);
  });
});

describe('parsePanel', () => {
  it.each([
    ['Cannabinoids', 'cannabinoids'],
    ['Potency', 'cannabinoids'],
    ['Terpenes', 'terpenes'],
    ['Heavy Metals', 'metals'],
    ['Pesticides', 'pesticides'],
    ['Mycotoxins', 'mycotoxins'],
    ['Residual Solvents', 'solvents'],
    ['Residuals Solvents', 'solvents'],
    ['Microbials', 'microbials'],
    ['Microbial', 'microbials'],
    ['Moisture', 'moisture'],
    ['Water Activity', 'water_activity'],
    ['Filth/Foreign Material', 'foreign_matter'],
    ['foreign_matter', 'foreign_matter'],
    ['water_activity', 'water_activity'],
  ])('reads the heading %j as %s', (heading, panel) => {
    expect(parsePanel(heading)).toBe(panel);
  });

  it.each(['Moisture and Water Activity', 'Summary', ''])('names no single panel for %j', (heading) => {
    expect(parsePanel(heading)).toBeNull();
  });
});

import * as fs from 'node:fs';
import * as path from 'node:path';

/** The package version, read once (works from src/ under ts-node/jest and from dist/ in production). */
export const APP_VERSION: string = (() => {
  const pkg = path.resolve(__dirname, '..', '..', 'package.json');
  return (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { version: string }).version;
})();

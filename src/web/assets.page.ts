import * as fs from 'node:fs';
import * as path from 'node:path';
import { Param, Res, StreamableFile } from '@nestjs/common';
import type { Response } from 'express';
import { NotFound } from '../common/errors';
import { AppConfig } from '../config/app-config';
import { Download, WebController } from './web-route.decorators';

const TYPES: Readonly<Record<string, string>> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** The pages' stylesheet and small scripts, from templates/views/assets (no build step). */
@WebController('assets')
export class AssetsController {
  private readonly files: ReadonlyMap<string, { type: string; body: Buffer }>;

  constructor(config: AppConfig) {
    const dir = path.join(config.templatesDir, 'views', 'assets');
    this.files = new Map(
      fs
        .readdirSync(dir)
        .filter((name) => TYPES[path.extname(name)])
        .map((name) => [name, { type: TYPES[path.extname(name)], body: fs.readFileSync(path.join(dir, name)) }]),
    );
  }

  @Download(':name', 'public')
  asset(@Param('name') name: string, @Res({ passthrough: true }) res: Response) {
    const file = this.files.get(name);
    if (!file) throw new NotFound('asset', name);
    res.setHeader('Content-Type', file.type);
    res.setHeader('Cache-Control', 'no-cache');
    return new StreamableFile(file.body);
  }
}

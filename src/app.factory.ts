import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { cleanupOpenApiDoc } from 'nestjs-zod';
import { AppModule } from './app.module';
import type { AppConfig } from './config/app-config';
import { APP_VERSION } from './common/version';

/** Builds the whole application for a configuration; used by main.ts and by the e2e tests. */
export async function createApp(config: AppConfig): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.useBodyParser('json', { limit: '2mb' });
  app.enableShutdownHooks();

  const doc = new DocumentBuilder()
    .setTitle('LIMS Connector')
    .setDescription(
      'Instrument exports and CoA PDFs to approved results reported to BioTrack NY. ' +
        'Authenticate with `Authorization: Bearer <api token>`.',
    )
    .setVersion(APP_VERSION)
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, cleanupOpenApiDoc(SwaggerModule.createDocument(app, doc)));
  return app;
}

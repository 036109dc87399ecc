import { Body, Inject, Injectable, mixin, Query, type PipeTransform, type Type } from '@nestjs/common';
import type { z } from 'zod';
import {
  buildRequestSchemas,
  describeIssues,
  type BodySchemaName,
  type QuerySchemaName,
  type RequestSchemaSet,
} from './request.schemas';
import { InvalidRequest } from './simulator-error';
import { SimulatorSettings } from './simulator-settings';

/** The contract's request schemas for this run (strict or tolerant of unknown fields, per behaviour). */
@Injectable()
export class RequestSchemas {
  readonly set: RequestSchemaSet;
  readonly strict: boolean;

  constructor(@Inject(SimulatorSettings) settings: SimulatorSettings) {
    this.strict = settings.behaviour.unknownFields === 'refuse';
    this.set = buildRequestSchemas(this.strict, settings.behaviour.maxPageSize);
  }
}

export function parseOrRefuse<T>(schema: z.ZodType<T>, value: unknown, where: 'body' | 'query', strictHint: boolean): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new InvalidRequest(describeIssues(parsed.error, where, strictHint));
  return parsed.data;
}

function requireJsonObject(value: unknown): unknown {
  if (value === undefined || value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InvalidRequest('body: expected a JSON object (send Content-Type: application/json)');
  }
  return value;
}

/** `@ValidBody('postResult')`: the body parsed with the named contract schema, or 400 naming the field. */
export function ValidBody(name: BodySchemaName, options: { optional?: boolean } = {}): ParameterDecorator {
  return Body(bodyPipe(name, options.optional ?? false));
}

/** `@ValidQuery('page')`: the query string parsed with the named contract schema, or 400 naming the parameter. */
export function ValidQuery(name: QuerySchemaName): ParameterDecorator {
  return Query(queryPipe(name));
}

function bodyPipe(name: BodySchemaName, optional: boolean): Type<PipeTransform> {
  @Injectable()
  class ContractBodyPipe implements PipeTransform {
    constructor(@Inject(RequestSchemas) private readonly schemas: RequestSchemas) {}

    transform(value: unknown): unknown {
      const schema: z.ZodType = this.schemas.set.body[name];
      return parseOrRefuse(schema, requireJsonObject(value === undefined && optional ? {} : value), 'body', this.schemas.strict);
    }
  }
  return mixin(ContractBodyPipe);
}

function queryPipe(name: QuerySchemaName): Type<PipeTransform> {
  @Injectable()
  class ContractQueryPipe implements PipeTransform {
    constructor(@Inject(RequestSchemas) private readonly schemas: RequestSchemas) {}

    transform(value: unknown): unknown {
      const schema: z.ZodType = this.schemas.set.query[name];
      return parseOrRefuse(schema, value ?? {}, 'query', this.schemas.strict);
    }
  }
  return mixin(ContractQueryPipe);
}

/** Validates a control-endpoint body against a fixed schema (control endpoints always refuse unknown fields). */
export class ControlBodyPipe<T> implements PipeTransform<unknown, T> {
  constructor(
    private readonly schema: z.ZodType<T>,
    private readonly optional = false,
  ) {}

  transform(value: unknown): T {
    return parseOrRefuse(this.schema, requireJsonObject(value === undefined && this.optional ? {} : value), 'body', false);
  }
}

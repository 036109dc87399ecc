import { Injectable } from '@nestjs/common';
import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/core';
import { AuditService } from '../audit/audit.service';
import { Conflict, InvalidInput, NotFound } from '../common/errors';
import { LabMethod } from './lab-method.entity';
import { MethodDefinitionSchema, type MethodDefinition } from './method-definition.schema';

export interface MethodView {
  key: string;
  version: number;
  createdBy: string;
  createdAt: string;
  definition: MethodDefinition;
}

/** Lab methods, versioned and audited; the import uses the latest version of the method of its template. */
@Injectable()
export class MethodsService {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
  ) {}

  /** The latest version of every method, by key. */
  async list(): Promise<MethodView[]> {
    const rows = await this.em.fork().find(LabMethod, {}, { orderBy: { key: 'asc', version: 'desc' } });
    const latest = new Map<string, LabMethod>();
    for (const row of rows) if (!latest.has(row.key)) latest.set(row.key, row);
    return [...latest.values()].map(toView);
  }

  async get(key: string, version?: number): Promise<MethodView> {
    const row = await this.em
      .fork()
      .findOne(LabMethod, version === undefined ? { key } : { key, version }, { orderBy: { version: 'desc' } });
    if (!row) throw new NotFound('method', version === undefined ? key : `${key} v${version}`);
    return toView(row);
  }

  async versions(key: string): Promise<MethodView[]> {
    const rows = await this.em.fork().find(LabMethod, { key }, { orderBy: { version: 'desc' } });
    if (rows.length === 0) throw new NotFound('method', key);
    return rows.map(toView);
  }

  /** The method an import with this template uses: the latest version of the one method listing it, by key when named. */
  async forImport(template: string, key?: string): Promise<MethodView | undefined> {
    if (key) {
      const method = await this.get(key).catch(() => undefined);
      if (!method) throw new InvalidInput('method', `no method "${key}"`);
      if (!method.definition.templates.includes(template))
        throw new InvalidInput(
          'method',
          `method "${key}" does not read template ${template} (it reads ${method.definition.templates.join(', ')})`,
        );
      return method;
    }
    const candidates = (await this.list()).filter((m) => m.definition.templates.includes(template));
    return candidates.length === 1 ? candidates[0] : undefined;
  }

  async create(actor: string, definition: MethodDefinition): Promise<MethodView> {
    return this.save(actor, definition, 'create');
  }

  async update(actor: string, key: string, definition: MethodDefinition): Promise<MethodView> {
    if (definition.key !== key) throw new InvalidInput('key', `the body is method "${definition.key}", the path "${key}"`);
    return this.save(actor, definition, 'update');
  }

  private async save(actor: string, input: MethodDefinition, mode: 'create' | 'update'): Promise<MethodView> {
    const definition = MethodDefinitionSchema.parse(input);
    try {
      return await this.em.fork().transactional(async (em) => {
        const previous = await em.findOne(LabMethod, { key: definition.key }, { orderBy: { version: 'desc' } });
        if (mode === 'create' && previous)
          throw new Conflict(
            `method "${definition.key}" exists (version ${previous.version}); change it with PUT /api/methods/${definition.key}`,
          );
        if (mode === 'update' && !previous) throw new NotFound('method', definition.key);
        const row = new LabMethod(
          definition.key,
          (previous?.version ?? 0) + 1,
          definition as unknown as Record<string, unknown>,
          actor,
        );
        em.persist(row);
        await this.audit.record(em, {
          actor,
          action: mode === 'create' ? 'method.created' : 'method.changed',
          entityType: 'method',
          entityId: row.id,
          before: previous ? { key: previous.key, version: previous.version, definition: previous.definition } : undefined,
          after: { key: row.key, version: row.version, definition: row.definition },
        });
        return toView(row);
      });
    } catch (e) {
      if (e instanceof UniqueConstraintViolationException)
        throw new Conflict(`method "${definition.key}" was changed at the same time; try again`);
      throw e;
    }
  }
}

function toView(row: LabMethod): MethodView {
  return {
    key: row.key,
    version: row.version,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    definition: MethodDefinitionSchema.parse(row.definition),
  };
}

import type { EntityManager } from '@mikro-orm/core';
import { SourceFile } from './source-file.entity';

/** A kept file as its record names it. */
export interface KeptFile {
  sha256: string;
  name: string;
  size: number;
  mimeType?: string | null;
}

/**
 * The record of a kept file, made in `em`'s unit of work the first time its bytes arrive: the same bytes
 * imported, refused or attached to a manual entry again share one record.
 */
export async function findOrCreateSourceFile(em: EntityManager, actor: string, file: KeptFile): Promise<SourceFile> {
  const existing = await em.findOne(SourceFile, { sha256: file.sha256 });
  if (existing) return existing;
  const created = new SourceFile(file.sha256, file.name, file.size, file.mimeType ?? null, actor);
  em.persist(created);
  return created;
}

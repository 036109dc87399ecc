import { Entity, Enum, ManyToOne, type Opt, Property } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';
import { SourceFile } from '../files/source-file.entity';

export const IMPORT_STATUSES = ['imported', 'rejected'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** One upload and what became of it. A rejected upload keeps only this record (and its file). */
@Entity({ tableName: 'imports' })
export class ImportRecord extends BaseEntity {
  @ManyToOne(() => SourceFile)
  sourceFile: SourceFile;

  @Enum({ items: () => [...IMPORT_STATUSES], type: 'string' })
  status: ImportStatus;

  @Property({ type: 'string', length: 100, nullable: true })
  template: string | null = null;

  @Property({ type: 'string', length: 20, nullable: true })
  adapter: string | null = null;

  /**
   * The import summary returned to the uploader (result sets, unknown analytes, warnings) or the rejection; its
   * unmatched samples are rows of `import_unmatched`. Loaded only when asked for: lists read the counts below.
   */
  @Property({ type: 'json', lazy: true })
  summary: Record<string, unknown>;

  /** Result sets the import put results into (attaching adds to it). */
  @Property({ type: 'integer' })
  resultSetCount: number & Opt = 0;

  /** Unmatched samples, and of those the ones nobody attached yet. */
  @Property({ type: 'integer' })
  unmatchedCount: number & Opt = 0;

  @Property({ type: 'integer' })
  openUnmatchedCount: number & Opt = 0;

  /** Distinct analyte names the catalog did not know. */
  @Property({ type: 'integer' })
  unknownAnalyteCount: number & Opt = 0;

  @Property({ type: 'text', nullable: true })
  error: string | null = null;

  @Property({ type: 'string', length: 140 })
  createdBy: string;

  constructor(sourceFile: SourceFile, status: ImportStatus, summary: Record<string, unknown>, createdBy: string) {
    super();
    this.sourceFile = sourceFile;
    this.status = status;
    this.summary = summary;
    this.createdBy = createdBy;
  }
}

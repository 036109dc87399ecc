import { Entity, Property } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';

/** A kept copy of an uploaded file, stored under DATA_DIR by its sha256; the same bytes are stored once. */
@Entity({ tableName: 'source_files' })
export class SourceFile extends BaseEntity {
  @Property({ type: 'string', length: 64, unique: true })
  sha256: string;

  /** Name as uploaded (display only; never used as a path). */
  @Property({ type: 'string', length: 255 })
  name: string;

  @Property({ type: 'integer' })
  size: number;

  @Property({ type: 'string', length: 127, nullable: true })
  mimeType: string | null;

  @Property({ type: 'string', length: 140 })
  uploadedBy: string;

  constructor(sha256: string, name: string, size: number, mimeType: string | null, uploadedBy: string) {
    super();
    this.sha256 = sha256;
    this.name = name;
    this.size = size;
    this.mimeType = mimeType;
    this.uploadedBy = uploadedBy;
  }
}

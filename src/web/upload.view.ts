import type { ImportService } from '../ingest/import.service';
import { toRecentImportRow, type RecentImport, type RecentImportRow } from './dashboard.view';

export interface UploadView {
  title: string;
  templates: Array<{ group: string; options: Array<{ id: string; title: string }> }>;
  recent: RecentImportRow[];
  maxMiB: number;
}

export function toUploadView(
  templates: ReturnType<ImportService['templates']>,
  recent: RecentImport[],
  maxUploadBytes: number,
): UploadView {
  const group = (adapter: string, label: string) => ({
    group: label,
    options: templates
      .filter((t) => t.adapter === adapter)
      .map((t) => ({ id: t.id, title: `${t.title}${t.auto ? '' : ' (choose it explicitly)'}` })),
  });
  return {
    title: 'Upload',
    templates: [group('instrument', 'Instrument exports'), group('coa', 'Certificates (PDF)')].filter(
      (g) => g.options.length > 0,
    ),
    recent: recent.map(toRecentImportRow),
    maxMiB: Math.floor(maxUploadBytes / (1024 * 1024)),
  };
}

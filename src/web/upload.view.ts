import type { ImportService } from '../ingest/import.service';
import type { RecentImport } from './dashboard.view';
import { formatDateTime, statusLabel } from './format';

export interface UploadView {
  title: string;
  templates: Array<{ group: string; options: Array<{ id: string; title: string }> }>;
  recent: Array<{ href: string; name: string; template: string; status: string; createdBy: string; createdAt: string; unmatched: number }>;
  maxMiB: number;
}

export function toUploadView(templates: ReturnType<ImportService['templates']>, recent: RecentImport[], maxUploadBytes: number): UploadView {
  const group = (adapter: string, label: string) => ({
    group: label,
    options: templates.filter((t) => t.adapter === adapter).map((t) => ({ id: t.id, title: `${t.title}${t.auto ? '' : ' (choose it explicitly)'}` })),
  });
  return {
    title: 'Upload',
    templates: [group('instrument', 'Instrument exports'), group('coa', 'Certificates (PDF)')].filter((g) => g.options.length > 0),
    recent: recent.map((i) => ({
      href: `/imports/${i.id}`,
      name: i.sourceFile.name,
      template: i.template,
      status: statusLabel(i.status),
      createdBy: i.createdBy,
      createdAt: formatDateTime(i.createdAt),
      unmatched: i.unmatched,
    })),
    maxMiB: Math.floor(maxUploadBytes / (1024 * 1024)),
  };
}

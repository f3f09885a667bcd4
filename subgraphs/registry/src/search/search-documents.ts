import type { DocumentVisibility, ModelSearchDocument } from '@cairn/search';
import type { DataSource, EntityManager } from 'typeorm';

interface DocumentRow {
  id: string;
  name: string;
  description: string;
  team_slug: string;
  team_name: string;
  task: string | null;
  framework: string | null;
  license: string | null;
  tags: string[];
  visibility: DocumentVisibility;
  archived: boolean;
  version_count: number;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

const SELECT_DOCUMENTS = `
  SELECT m.id, m.name, m.description, t.slug AS team_slug, t.name AS team_name, m.task, m.framework,
         m.license, m.tags, m.visibility, m.archived_at IS NOT NULL AS archived, m.version_count, m.created_by, m.created_at, m.updated_at
    FROM registry.model m JOIN registry.team t ON t.id = m.team_id`;

function toDocument(row: DocumentRow): ModelSearchDocument {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    teamSlug: row.team_slug,
    teamName: row.team_name,
    task: row.task,
    framework: row.framework,
    license: row.license,
    tags: row.tags,
    visibility: row.visibility,
    archived: row.archived,
    latestVersion: row.version_count > 0 ? row.version_count : null,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The search documents of some models, read from the registry's own tables. */
export async function loadSearchDocuments(
  manager: EntityManager,
  modelIds: string[],
): Promise<ModelSearchDocument[]> {
  if (modelIds.length === 0) return [];
  const rows: DocumentRow[] = await manager.query(
    `/* loadSearchDocuments */ ${SELECT_DOCUMENTS} WHERE m.id = ANY($1::uuid[])`,
    [modelIds],
  );
  return rows.map(toDocument);
}

/** Every model's document, in batches by id, for a full rebuild. */
export async function* allSearchDocuments(
  dataSource: DataSource,
  batchSize = 500,
): AsyncIterable<ModelSearchDocument[]> {
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows: DocumentRow[] = await dataSource.query(
      `/* allSearchDocuments */ ${SELECT_DOCUMENTS} WHERE m.id > $1::uuid ORDER BY m.id LIMIT $2`,
      [after, batchSize],
    );
    if (rows.length === 0) return;
    yield rows.map(toDocument);
    after = rows[rows.length - 1]!.id;
  }
}

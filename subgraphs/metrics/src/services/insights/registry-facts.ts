import type { StoredEvent } from '@cairn/event-log';
import { type ModelVersionCreatedPayload, registryEvents } from '@cairn/events';
import type { EntityManager } from 'typeorm';
import { countIfFirst } from './insights-weekly';

type Evidence = NonNullable<ModelVersionCreatedPayload['evidence']>;

const given = (value: unknown) => typeof value === 'string' && value.trim() !== '';

/**
 * Provenance items as the guardrails' `provenance.rego` names them: a code reference
 * (repository URL and commit), the training container's digest, and at least one dataset with
 * a sha256 for every dataset listed.
 */
export function provenanceItems(evidence: Evidence | undefined) {
  const provenance = (evidence?.provenance ?? {}) as Record<string, unknown>;
  const code = (provenance.code ?? {}) as Record<string, unknown>;
  const container = (provenance.containerImage ?? {}) as Record<string, unknown>;
  const datasets = Array.isArray(provenance.datasets) ? (provenance.datasets as unknown[]) : [];
  return {
    code: given(code.repositoryUrl) && given(code.commit),
    container: given(container.digest),
    datasets:
      datasets.length > 0 &&
      datasets.every((d) => typeof d === 'object' && d !== null && given((d as { sha256?: unknown }).sha256)),
  };
}

/**
 * Applies one event of the registry's log. Throws `MalformedEventError` for an event breaking the
 * registry's contract, which the consumer quarantines.
 */
export async function applyRegistryEvent(manager: EntityManager, event: StoredEvent): Promise<void> {
  if (!registryEvents.has(event.type)) return;
  const parsed = registryEvents.parse(event);
  const position = event.position.id;
  const at = event.occurredAt;
  switch (parsed.type) {
    case 'registry.TeamCreated':
      return countIfFirst(
        manager,
        `/* insightsTeamCreated */ INSERT INTO metrics.insights_team AS t (slug, registered_at) VALUES ($1, $2)
         ON CONFLICT (slug) DO UPDATE SET registered_at = EXCLUDED.registered_at WHERE t.registered_at IS NULL
         RETURNING slug`,
        [parsed.payload.slug, at],
        { team: parsed.payload.slug, figure: 'teams_registered', at },
      );
    case 'registry.ModelRegistered': {
      const p = parsed.payload;
      return countIfFirst(
        manager,
        `/* insightsModelRegistered */ INSERT INTO metrics.insights_model AS m
           (model_id, team_slug, name, registered_at, visibility, visibility_position)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (model_id) DO UPDATE
           SET name = EXCLUDED.name, registered_at = EXCLUDED.registered_at,
               visibility = CASE WHEN m.visibility_position < EXCLUDED.visibility_position
                                 THEN EXCLUDED.visibility ELSE m.visibility END,
               visibility_position = greatest(m.visibility_position, EXCLUDED.visibility_position)
         WHERE m.registered_at IS NULL
         RETURNING model_id`,
        [p.modelId, p.teamSlug, p.name, at, p.visibility, position],
        { team: p.teamSlug, figure: 'models_registered', at },
      );
    }
    case 'registry.ModelVisibilityChanged': {
      const p = parsed.payload;
      await manager.query(
        `/* insightsModelVisibility */ INSERT INTO metrics.insights_model AS m
           (model_id, team_slug, visibility, visibility_position) VALUES ($1, $2, $3, $4)
         ON CONFLICT (model_id) DO UPDATE
           SET visibility = EXCLUDED.visibility, visibility_position = EXCLUDED.visibility_position
         WHERE m.visibility_position < EXCLUDED.visibility_position`,
        [p.modelId, p.teamSlug, p.to, position],
      );
      return;
    }
    case 'registry.ModelArchived':
    case 'registry.ModelUnarchived': {
      const p = parsed.payload;
      await manager.query(
        `/* insightsModelArchived */ INSERT INTO metrics.insights_model AS m
           (model_id, team_slug, visibility, archived, archived_position) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (model_id) DO UPDATE
           SET archived = EXCLUDED.archived, archived_position = EXCLUDED.archived_position
         WHERE m.archived_position < EXCLUDED.archived_position`,
        [p.modelId, p.teamSlug, p.visibility, parsed.type === 'registry.ModelArchived', position],
      );
      return;
    }
    case 'registry.ModelVersionCreated': {
      const p = parsed.payload;
      const items = provenanceItems(p.evidence);
      return countIfFirst(
        manager,
        `/* insightsVersionCreated */ INSERT INTO metrics.insights_version AS v
           (model_version_id, model_id, team_slug, version, registered_at, has_card, has_signature,
            provenance_code, provenance_container, provenance_datasets)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (model_version_id) DO UPDATE
           SET model_id = EXCLUDED.model_id, team_slug = EXCLUDED.team_slug, version = EXCLUDED.version,
               registered_at = EXCLUDED.registered_at, has_card = EXCLUDED.has_card,
               has_signature = EXCLUDED.has_signature, provenance_code = EXCLUDED.provenance_code,
               provenance_container = EXCLUDED.provenance_container,
               provenance_datasets = EXCLUDED.provenance_datasets
         WHERE v.registered_at IS NULL
         RETURNING model_version_id`,
        [
          p.modelVersionId,
          p.modelId,
          p.teamSlug,
          p.version,
          at,
          p.evidence?.card != null,
          p.evidence?.signature != null,
          items.code,
          items.container,
          items.datasets,
        ],
        { team: p.teamSlug, figure: 'versions_registered', at },
      );
    }
    case 'registry.LegalHoldPlaced':
    case 'registry.LegalHoldReleased': {
      const p = parsed.payload;
      await manager.query(
        `/* insightsLegalHold */ INSERT INTO metrics.insights_version AS v
           (model_version_id, model_id, team_slug, version, legal_hold, legal_hold_position)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (model_version_id) DO UPDATE
           SET legal_hold = EXCLUDED.legal_hold, legal_hold_position = EXCLUDED.legal_hold_position
         WHERE v.legal_hold_position < EXCLUDED.legal_hold_position`,
        [
          p.modelVersionId,
          p.modelId,
          p.teamSlug,
          p.version,
          parsed.type === 'registry.LegalHoldPlaced',
          position,
        ],
      );
      return;
    }
    default:
      return;
  }
}

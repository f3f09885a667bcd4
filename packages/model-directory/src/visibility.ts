import { RegistryEvents, registryEvents, VISIBILITIES, type Visibility } from '@cairn/events';
import { isMemberOf, type Principal, readsEverything } from '@cairn/identity';

/**
 * The one visibility rule every subgraph applies to model versions: an INTERNAL model is seen by
 * everyone signed in; a PRIVATE one by its team's members (any role), platform admins and
 * auditors. Executives hold no membership and do not read everything, so they see INTERNAL only.
 */
export function canSee(principal: Principal, version: { teamSlug: string; visibility: Visibility }): boolean {
  return (
    version.visibility === 'INTERNAL' || readsEverything(principal) || isMemberOf(principal, version.teamSlug)
  );
}

const ALLOWED = VISIBILITIES.map((v) => `'${v}'`).join(', ');

/**
 * SQL for a model's visibility as the registry last published it, or NULL when it never changed
 * (then the version's recorded visibility, from its creation event, still holds). `modelId` is
 * a uuid expression, e.g. `k.model_id`.
 *
 * Reads the registry's log rather than trusting the directory's copy alone: the consumer applies
 * a change only once every older transaction has finished, and a model made PRIVATE must stop
 * showing at once, not a poll later. The log's subject index `(subject_type, subject_id, id)`
 * answers it with a short backward scan. The registry changes a model's visibility under the
 * model row's lock and appends the event in that transaction, so the highest id is the latest.
 */
export function latestVisibilityChange(modelId: string): string {
  return `(SELECT e.payload->>'to' FROM "${registryEvents.schema}".event_log AS e
      WHERE e.subject_type = '${registryEvents.kinds.ModelVisibilityChanged.subjectType}'
        AND e.subject_id = (${modelId})::text
        AND e.type = '${RegistryEvents.ModelVisibilityChanged}'
        AND e.payload->>'to' IN (${ALLOWED})
      ORDER BY e.id DESC LIMIT 1)`;
}

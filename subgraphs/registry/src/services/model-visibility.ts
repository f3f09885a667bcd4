import { type Principal, privateTeamsVisibleTo } from '@cairn/identity';
import type { SearchAccess } from '@cairn/search';
import type { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { Model } from '../entities/model.entity';
import { ModelVersion } from '../entities/model-version.entity';

/**
 * The registry's one rule for who sees a model: an `INTERNAL` model, everyone signed in; a
 * `PRIVATE` one, the members of its team (any role), platform admins and auditors. Executives
 * and members of other teams see `INTERNAL` models only. Every read path applies it in the query
 * itself (lists, totals, loaders, references, search hits and facets), never by trimming rows
 * afterwards, and what it hides is answered exactly as if it did not exist.
 */
export class ModelVisibilityPolicy {
  private constructor(
    /** Teams whose private models the caller sees, or `all`. */
    readonly privateTeams: readonly string[] | 'all',
  ) {}

  static for(principal: Principal): ModelVisibilityPolicy {
    return new ModelVisibilityPolicy(privateTeamsVisibleTo(principal));
  }

  /** For a query builder over `registry.model` aliased `alias`: the condition and its parameters. */
  condition(alias: string): { sql: string; parameters: Record<string, unknown> } {
    if (this.privateTeams === 'all') return { sql: 'TRUE', parameters: {} };
    return {
      sql: `(${alias}.visibility = 'INTERNAL' OR ${alias}.team_id IN (
              SELECT visible_team.id FROM registry.team visible_team
               WHERE visible_team.slug = ANY(:visibleTeams::text[])))`,
      parameters: { visibleTeams: [...this.privateTeams] },
    };
  }

  /** For raw SQL over `registry.model` aliased `alias`, with the team list bound as `$<position>`. */
  rawCondition(alias: string, position: number): { sql: string; parameters: unknown[] } {
    if (this.privateTeams === 'all') return { sql: 'TRUE', parameters: [] };
    return {
      sql: `(${alias}.visibility = 'INTERNAL' OR ${alias}.team_id IN (
              SELECT visible_team.id FROM registry.team visible_team WHERE visible_team.slug = ANY($${position}::text[])))`,
      parameters: [[...this.privateTeams]],
    };
  }

  /** The same rule as a filter for search engines, which apply it to hits, totals and facets. */
  searchAccess(): SearchAccess {
    return { privateTeams: this.privateTeams === 'all' ? 'all' : [...this.privateTeams] };
  }

  /** Models the caller may see. */
  models(db: DataSource | EntityManager, alias = 'model'): SelectQueryBuilder<Model> {
    const { sql, parameters } = this.condition(alias);
    return db.getRepository(Model).createQueryBuilder(alias).where(sql, parameters);
  }

  /** Versions of models the caller may see. */
  versions(db: DataSource | EntityManager, alias = 'version'): SelectQueryBuilder<ModelVersion> {
    const { sql, parameters } = this.condition('owner');
    return db
      .getRepository(ModelVersion)
      .createQueryBuilder(alias)
      .innerJoin(Model, 'owner', `owner.id = ${alias}.model_id`)
      .where(sql, parameters);
  }
}

import { parseInput } from '@cairn/errors';
import { cursorCodec, cursorParts } from '@cairn/subgraph-kit';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import type { Model } from '../entities/model.entity';
import { Team } from '../entities/team.entity';
import { pageRules } from './catalog-rules';
import type { ModelVisibilityPolicy } from './model-visibility';

export interface ModelPage {
  models: { cursor: string; model: Model }[];
  hasNextPage: boolean;
  totalCount: number;
}

/** Models are ordered by (name, id). */
const modelCursor = cursorCodec('model', z.tuple([cursorParts.text, cursorParts.uuid]));
const encodeCursor = (model: Model): string => modelCursor.encode([model.name, model.id]);

/** Keyset pagination over models ordered by name, then id: stable under concurrent inserts. */
export class ModelPager {
  constructor(private readonly dataSource: DataSource) {}

  async page(
    visibility: ModelVisibilityPolicy,
    args: {
      first?: number | null;
      after?: string | null;
      team?: string | null;
      includeArchived?: boolean | null;
    },
  ): Promise<ModelPage> {
    const { first, after, team } = parseInput(pageRules, {
      first: args.first ?? undefined,
      after: args.after,
      team: args.team,
    });
    // The caller's visibility is part of the query, so the total never counts a hidden model.
    const base = visibility.models(this.dataSource, 'model');
    if (team) {
      base.innerJoin(Team, 'team', 'team.id = model.team_id').andWhere('team.slug = :team', { team });
    }
    if (args.includeArchived !== true) base.andWhere('model.archived_at IS NULL');
    const totalCount = await base.clone().getCount();
    const query = base
      .clone()
      .orderBy('model.name', 'ASC')
      .addOrderBy('model.id', 'ASC')
      .limit(first + 1);
    if (after) {
      const [name, id] = modelCursor.decode(after);
      query.andWhere('(model.name, model.id) > (:name, :id::uuid)', { name, id });
    }
    const rows = await query.getMany();
    const hasNextPage = rows.length > first;
    return {
      models: rows.slice(0, first).map((model) => ({ cursor: encodeCursor(model), model })),
      hasNextPage,
      totalCount,
    };
  }
}

import { InvalidInputError, parseInput } from '@cairn/errors';
import type { DataSource } from 'typeorm';
import type { Model } from '../entities/model.entity';
import { Team } from '../entities/team.entity';
import { pageRules } from './catalog-rules';
import type { ModelVisibilityPolicy } from './model-visibility';

export interface ModelPage {
  models: { cursor: string; model: Model }[];
  hasNextPage: boolean;
  totalCount: number;
}

interface CursorKey {
  name: string;
  id: string;
}

function encodeCursor(model: Model): string {
  return Buffer.from(JSON.stringify([model.name, model.id])).toString('base64url');
}

function decodeCursor(cursor: string): CursorKey {
  try {
    const [name, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof name === 'string' && typeof id === 'string') return { name, id };
  } catch {
    // fall through to the typed error below
  }
  throw InvalidInputError.field('after', 'is not a cursor returned by this API');
}

/** Keyset pagination over models ordered by name, then id: stable under concurrent inserts. */
export class ModelPager {
  constructor(private readonly dataSource: DataSource) {}

  async page(
    visibility: ModelVisibilityPolicy,
    args: {
      first?: number | null;
      after?: string | null;
      team?: string | null;
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
    const totalCount = await base.clone().getCount();
    const query = base
      .clone()
      .orderBy('model.name', 'ASC')
      .addOrderBy('model.id', 'ASC')
      .limit(first + 1);
    if (after) {
      const key = decodeCursor(after);
      query.andWhere('(model.name, model.id) > (:name, :id::uuid)', key);
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

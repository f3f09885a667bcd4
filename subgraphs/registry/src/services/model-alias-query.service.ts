import { isUuid } from '@cairn/database';
import { NotFoundError, parseInput } from '@cairn/errors';
import type { Principal } from '@cairn/identity';
import { type Connection, cursorCodec, pageArgs, toConnection } from '@cairn/subgraph-kit';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { ModelAlias } from '../entities/model-alias.entity';
import { ModelAliasChange } from '../entities/model-alias-change.entity';
import { ModelVersion } from '../entities/model-version.entity';
import { aliasHistoryRules, COMPUTED_ALIAS, resolveAliasRules } from './alias-rules';
import { ModelVisibilityPolicy } from './model-visibility';

/** History is listed newest first by its bigint id, which Postgres hands over as a string. */
const historyCursor = cursorCodec('model-alias-history', z.string().regex(/^[0-9]{1,19}$/));

/**
 * Reading aliases: which version one names now or named at an instant, and the history of
 * changes. Every read starts from a model the caller may see; anything else is NOT_FOUND.
 */
export class ModelAliasQueryService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The version `alias` names now, or at `at`: the target of the last change recorded at or
   * before that instant (NOT_FOUND if there was none, or it was a deletion). `latest` is the
   * highest-numbered version (created by then). Instants compare at the millisecond the API
   * shows, so asking at a change's own `at` finds that change, not the one before it.
   */
  async resolve(actor: Principal, input: unknown): Promise<ModelVersion> {
    const { modelId, alias, at } = parseInput(resolveAliasRules, input);
    const model = await this.visibleModelId(actor, modelId);
    const versions = this.dataSource.getRepository(ModelVersion).createQueryBuilder('v');
    if (alias === COMPUTED_ALIAS) {
      versions.where('v.model_id = :model', { model }).orderBy('v.version', 'DESC').limit(1);
      if (at) versions.andWhere("date_trunc('milliseconds', v.created_at) <= :at", { at });
    } else if (at) {
      versions.where(
        `v.id = (SELECT h.to_version_id FROM registry.model_alias_history h
                  WHERE h.model_id = :model AND h.alias = :alias
                    AND date_trunc('milliseconds', h.at) <= :at
                  ORDER BY h.at DESC, h.id DESC LIMIT 1)`,
        { model, alias, at },
      );
    } else {
      versions.innerJoin(
        ModelAlias,
        'a',
        'a.model_version_id = v.id AND a.model_id = :model AND a.name = :alias',
        { model, alias },
      );
    }
    const version = await versions.comment('versionByAlias').getOne();
    if (!version) throw new NotFoundError('ModelAlias', alias);
    return version;
  }

  /** Changes to the model's aliases (or to one of them), newest first. */
  async history(
    actor: Principal,
    args: { modelId: string; alias?: string | null; first?: number | null; after?: string | null },
  ): Promise<Connection<ModelAliasChange>> {
    const { modelId, alias } = parseInput(aliasHistoryRules, { modelId: args.modelId, alias: args.alias });
    const { first, after } = pageArgs(args, historyCursor);
    const model = await this.visibleModelId(actor, modelId);
    const base = this.dataSource
      .getRepository(ModelAliasChange)
      .createQueryBuilder('h')
      .where('h.model_id = :model', { model });
    if (alias) base.andWhere('h.alias = :alias', { alias });
    const totalCount = await base.clone().comment('aliasHistoryCount').getCount();
    const page = base
      .clone()
      .comment('aliasHistoryPage')
      .orderBy('h.id', 'DESC')
      .limit(first + 1);
    if (after) page.andWhere('h.id < :after::bigint', { after });
    return toConnection(await page.getMany(), first, totalCount, (h) => historyCursor.encode(h.id));
  }

  private async visibleModelId(actor: Principal, modelId: string): Promise<string> {
    const model = isUuid(modelId)
      ? await ModelVisibilityPolicy.for(actor)
          .models(this.dataSource)
          .select('model.id')
          .andWhere('model.id = :id', { id: modelId.toLowerCase() })
          .getOne()
      : null;
    if (!model) throw new NotFoundError('Model', modelId);
    return model.id;
  }
}

import {
  cardCompleteness,
  type ModelCard,
  type Provenance,
  parseModelCard,
  provenanceCompleteness,
} from '@cairn/model-metadata';
import { type Connection, cursorCodec, pageArgs, toConnection } from '@cairn/subgraph-kit';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import type { Completeness, ModelCardType } from '../entities/model-card.type';
import type { ModelVersion } from '../entities/model-version.entity';
import { ModelVersionFile } from '../entities/model-version-file.entity';

const fileCursor = cursorCodec('model-version-file', z.string().min(1).max(1024));

/**
 * What a version is made of and how complete its records are. The version itself was already
 * resolved for the caller (and so is visible to them); these read only its own rows.
 */
export class ModelVersionDetailsService {
  constructor(private readonly dataSource: DataSource) {}

  /** The version's files in path order. */
  async files(
    version: ModelVersion,
    args: { first?: number | null; after?: string | null },
  ): Promise<Connection<ModelVersionFile>> {
    const { first, after } = pageArgs(args, fileCursor);
    const base = this.dataSource
      .getRepository(ModelVersionFile)
      .createQueryBuilder('f')
      .where('f.model_version_id = :version', { version: version.id });
    const totalCount = await base.clone().comment('versionFileCount').getCount();
    const page = base
      .clone()
      .comment('versionFilePage')
      .orderBy('f.path', 'ASC')
      .limit(first + 1);
    if (after) page.andWhere('f.path > :after', { after });
    return toConnection(await page.getMany(), first, totalCount, (file) => fileCursor.encode(file.path));
  }

  card(version: ModelVersion): ModelCardType | null {
    if (!version.card) return null;
    const card = this.storedCard(version);
    return { ...card, owners: card.owners ?? [] };
  }

  cardCompleteness(version: ModelVersion): Completeness {
    return cardCompleteness(version.card ? this.storedCard(version) : null);
  }

  provenanceCompleteness(version: ModelVersion): Completeness {
    return provenanceCompleteness(version.provenance as Provenance);
  }

  /** Stored cards were validated when registered; parsing again only fixes the type. */
  private storedCard(version: ModelVersion): ModelCard {
    return parseModelCard(version.card);
  }
}

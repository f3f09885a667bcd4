import { Field, InputType } from 'type-graphql';
import { datasetRules } from '../../services/lineage-rules';

@InputType({ description: 'A dataset version; the same uri and checksum always name the same dataset.' })
export class DatasetInput {
  static readonly schema = datasetRules;

  @Field({ description: '1 to 200 characters; kept from the first time this version is recorded.' })
  name: string;

  @Field({ description: 'A URI with a scheme, e.g. `s3://bucket/path/`; at most 2048 characters.' })
  uri: string;

  @Field({ description: '`md5:`, `sha1:` or `sha256:` followed by the lowercase hex digest.' })
  checksum: string;
}

import { registerEnumType } from 'type-graphql';

/** Where a model version is in its life. The order of the members is the promotion chain. */
export enum Stage {
  DEVELOPMENT = 'DEVELOPMENT',
  STAGING = 'STAGING',
  PRODUCTION = 'PRODUCTION',
  DEPRECATED = 'DEPRECATED',
  ARCHIVED = 'ARCHIVED',
}

registerEnumType(Stage, {
  name: 'Stage',
  description: 'Lifecycle stage of a model version. Versions move one step forward at a time.',
});

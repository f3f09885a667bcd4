import { VISIBILITIES, type Visibility as VisibilityValue } from '@cairn/events';
import { registerEnumType } from 'type-graphql';

/** The GraphQL face of the event contract's visibilities; one list, so they cannot drift. */
export const Visibility = Object.fromEntries(VISIBILITIES.map((v) => [v, v])) as {
  [V in VisibilityValue]: V;
};
export type Visibility = VisibilityValue;

registerEnumType(Visibility, {
  name: 'Visibility',
  description: 'Who may see a model.',
  valuesConfig: {
    PRIVATE: { description: 'Its team’s members, platform admins and auditors.' },
    INTERNAL: { description: 'Everyone signed in.' },
  },
});

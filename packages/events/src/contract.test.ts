import { describe, expect, expectTypeOf, it } from 'vitest';
import { MalformedEventError } from './contract';
import { type ModelVersionCreatedPayload, RegistryEvents, registryEvents } from './registry';

const VERSION_ID = '6f1d2c3b-4a59-4e6f-8a7b-9c0d1e2f3a4b';
const MODEL_ID = '0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d';
const payload = {
  modelVersionId: VERSION_ID,
  modelId: MODEL_ID,
  modelName: 'm',
  teamSlug: 't',
  version: 1,
  visibility: 'PRIVATE' as const,
};
const stored = {
  eventId: 'e1',
  type: 'registry.ModelVersionCreated',
  subjectType: 'ModelVersion',
  subjectId: VERSION_ID,
  payload,
};

function problemsOf(work: () => unknown): string[] {
  try {
    work();
  } catch (error) {
    if (error instanceof MalformedEventError) return error.problems;
    throw error;
  }
  throw new Error('expected a MalformedEventError');
}

describe('event contracts', () => {
  it('read events written before visibility existed as INTERNAL, which is what they were', () => {
    const { visibility: _absent, ...older } = payload;
    expect(
      registryEvents.parseAs(RegistryEvents.ModelVersionCreated, { ...stored, payload: older }).visibility,
    ).toBe('INTERNAL');
  });

  it('name each event after its log', () => {
    expect(registryEvents.schema).toBe('registry');
    expect(RegistryEvents.ModelVersionCreated).toBe('registry.ModelVersionCreated');
    expect(registryEvents.has('registry.TeamCreated')).toBe(true);
    expect(registryEvents.has('lineage.TeamCreated')).toBe(false);
    expect(registryEvents.has('registry.toString')).toBe(false);
  });

  it('read a stored event into its typed payload', () => {
    const read = registryEvents.parseAs(RegistryEvents.ModelVersionCreated, stored);
    expectTypeOf(read).toEqualTypeOf<ModelVersionCreatedPayload>();
    expect(read).toEqual(payload);
    const parsed = registryEvents.parse(stored);
    if (parsed.type === 'registry.ModelVersionCreated') expect(parsed.payload.version).toBe(1);
    else throw new Error('wrong discriminant');
  });

  it('ignore fields they do not know, so producers can add one first', () => {
    expect(
      registryEvents.parseAs(RegistryEvents.ModelVersionCreated, {
        ...stored,
        payload: { ...payload, extra: 1 },
      }),
    ).toEqual(payload);
  });

  it('refuse malformed events with a distinct error naming every problem', () => {
    expect(
      problemsOf(() =>
        registryEvents.parse({
          ...stored,
          subjectType: 'Model',
          payload: { ...payload, version: '1', modelId: 7 },
        }),
      ),
    ).toEqual([
      'subject type is Model, expected ModelVersion',
      expect.stringMatching(/^payload\.modelId: /),
      expect.stringMatching(/^payload\.version: /),
    ]);
    expect(problemsOf(() => registryEvents.parse({ ...stored, type: 'registry.Nope' }))).toEqual([
      'unknown event type for the registry log',
    ]);
    expect(problemsOf(() => registryEvents.parseAs(RegistryEvents.TeamCreated, stored))).toEqual([
      'expected a registry.TeamCreated event',
    ]);
    expect(problemsOf(() => registryEvents.parse({ ...stored, payload: null }))).toHaveLength(1);
  });

  it('carry alias changes on the model, naming from and to versions', () => {
    const set = {
      modelId: MODEL_ID,
      teamSlug: 't',
      alias: 'champion',
      visibility: 'PRIVATE' as const,
      fromVersionId: null,
      toVersionId: VERSION_ID,
      toVersion: 2,
      reason: null,
    };
    const event = registryEvents.toDomainEvent({
      type: RegistryEvents.ModelAliasSet,
      subjectId: MODEL_ID,
      actor: 'someone',
      payload: set,
    });
    expect(event.subjectType).toBe('Model');
    expect(registryEvents.parseAs(RegistryEvents.ModelAliasSet, { ...event, payload: set })).toEqual(set);
    expect(
      problemsOf(() =>
        registryEvents.parse({
          ...event,
          type: RegistryEvents.ModelAliasDeleted,
          payload: { ...set, fromVersionId: null },
        }),
      ),
    ).toEqual([
      expect.stringMatching(/^payload\.fromVersionId: /),
      expect.stringMatching(/^payload\.reason: /),
    ]);
  });

  it('build events to append from the type, filling the subject type and checking the payload', () => {
    expect(
      registryEvents.toDomainEvent({
        type: RegistryEvents.ModelVersionCreated,
        subjectId: VERSION_ID,
        actor: 'someone',
        payload,
      }),
    ).toEqual({ ...stored, eventId: undefined, actor: 'someone', payload });
    // The compiler refuses another event's payload; so does the contract, for untyped callers.
    const wrong = { type: RegistryEvents.TeamCreated, subjectId: VERSION_ID, actor: 'someone', payload };
    // @ts-expect-error: a TeamCreated payload has no version
    expect(() => registryEvents.toDomainEvent(wrong)).toThrow(MalformedEventError);
  });
});

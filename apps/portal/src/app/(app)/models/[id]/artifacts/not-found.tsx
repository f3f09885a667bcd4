import { NotFoundView } from '@/features/shell/views/not-found-view';

/** A picked version that does not exist, is not this model's, or is hidden from the caller. */
export default function ArtifactsNotFound() {
  return (
    <NotFoundView title="Version not found">
      This model has no such version, or it is not visible to you. Pick a version from the Artifacts tab
      again.
    </NotFoundView>
  );
}

import { NotFoundView } from '@/features/shell/views/not-found-view';

/** A picked version that does not exist, or that the caller may not see: the API answers both alike. */
export default function CompareNotFound() {
  return (
    <NotFoundView title="Version not found">
      One of the versions in this address does not exist, or is not visible to you. Go back to the model and
      pick its versions again.
    </NotFoundView>
  );
}

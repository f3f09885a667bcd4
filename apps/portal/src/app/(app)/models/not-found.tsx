import { NotFoundView } from '@/features/shell/views/not-found-view';

/** A model that does not exist, or that the caller may not see (the API answers both alike), on any tab. */
export default function ModelNotFound() {
  return (
    <NotFoundView title="Model not found">
      There is no model at this address. It may have been removed, or the link may be incomplete.
    </NotFoundView>
  );
}

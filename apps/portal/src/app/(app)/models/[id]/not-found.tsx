import { NotFoundView } from '@/features/shell/views/not-found-view';

export default function ModelNotFound() {
  return (
    <NotFoundView title="Model not found">
      There is no model at this address. It may have been removed, or the link may be incomplete.
    </NotFoundView>
  );
}

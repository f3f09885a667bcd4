import { NotFoundView } from '@/features/shell/views/not-found-view';

export default function NotFound() {
  return (
    <main id="main">
      <NotFoundView title="Page not found">We could not find the page you asked for.</NotFoundView>
    </main>
  );
}

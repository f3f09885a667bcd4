/** Shown while the model and the comparison load. */
export default function CompareLoading() {
  return (
    <p role="status" aria-live="polite" data-testid="compare-loading">
      Comparing versions…
    </p>
  );
}

/** The Cairn mark: three stacked stones. Decorative; the word next to it carries the name. */
export function CairnMark({ size = 28 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="7" fill="var(--color-accent)" />
      <ellipse cx="16" cy="24" rx="9" ry="3.5" fill="#fff" />
      <ellipse cx="16" cy="17" rx="6.5" ry="3" fill="#fff" opacity="0.85" />
      <ellipse cx="16" cy="10.5" rx="4" ry="2.5" fill="#fff" opacity="0.7" />
    </svg>
  );
}

export default function Loading() {
  return (
    <div aria-busy="true" aria-live="polite">
      <p className="sub">Loading…</p>
      <div className="skeleton" />
    </div>
  );
}

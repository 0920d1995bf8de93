"use client";

export default function ConsoleError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <div role="alert" className="notice error">
      <p>
        <strong>This page could not be loaded.</strong> {error.message}
      </p>
      <button type="button" onClick={reset}>
        Try again
      </button>
    </div>
  );
}

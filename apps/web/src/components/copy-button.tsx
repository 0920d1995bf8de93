"use client";
import { useState } from "react";

export function CopyButton({ text, label = "Copy" }: { text: string; label?: string }) {
  const [copied, setCopied] = useState<null | "ok" | "failed">(null);
  return (
    <>
      <button
        type="button"
        className="secondary"
        onClick={async () => {
          try {
            await navigator.clipboard.writeText(text);
            setCopied("ok");
          } catch {
            setCopied("failed");
          }
        }}
      >
        {label}
      </button>
      <span role="status" aria-live="polite" style={{ marginLeft: 8 }}>
        {copied === "ok" ? "Copied." : copied === "failed" ? "Copy failed: select the key and copy it." : ""}
      </span>
    </>
  );
}

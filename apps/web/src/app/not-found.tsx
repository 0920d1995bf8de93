import Link from "next/link";

export default function NotFound() {
  return (
    <main>
      <h1>Not found</h1>
      <p className="sub">There is nothing here, or your role cannot see it.</p>
      <Link href="/">Back to tenants</Link>
    </main>
  );
}

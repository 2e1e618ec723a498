import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Not found" };

export default function NotFound() {
  return (
    <main className="mx-auto max-w-xl px-4 py-16 text-center">
      <p className="text-sm font-semibold text-indigo-700 dark:text-indigo-300">404</p>
      <h1 className="mt-2 text-2xl font-semibold">Nothing here</h1>
      <p className="mt-3 text-slate-600 dark:text-slate-300">There is no night or page at this address.</p>
      <Link href="/" className="mt-6 inline-block font-medium text-indigo-700 hover:underline dark:text-indigo-300">
        Back to the start
      </Link>
    </main>
  );
}

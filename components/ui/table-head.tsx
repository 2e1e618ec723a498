import type { ReactNode } from "react";

/** One column header: its text and the classes that size, align or hide it. */
export interface ColumnHead {
  label: ReactNode;
  className?: string;
  /** For a sortable column: its current `aria-sort`. */
  ariaSort?: "ascending" | "descending" | "none";
}

/** A table's header row: every cell a `<th scope="col">` with the shared cell padding and weight. */
export function TableHead({ columns, className, cell }: { columns: ColumnHead[]; className?: string; cell: string }) {
  return (
    <thead className={className}>
      <tr>
        {columns.map((c, i) => (
          <th key={i} scope="col" aria-sort={c.ariaSort} className={`${cell} font-medium ${c.className ?? ""}`}>
            {c.label}
          </th>
        ))}
      </tr>
    </thead>
  );
}

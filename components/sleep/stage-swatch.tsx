import { Stage } from "@/lib/sleep/stages";

/** Tailwind classes of each stage's theme colour (app/globals.css). */
const SWATCH: Record<number, string> = {
  [Stage.Wake]: "bg-stage-wake",
  [Stage.Rem]: "bg-stage-rem",
  [Stage.Light]: "bg-stage-light",
  [Stage.Deep]: "bg-stage-deep",
  [Stage.Unknown]: "bg-stage-unknown",
};

/** The Tailwind background class of a stage's colour. */
export function stageBgClass(stage: number): string {
  return SWATCH[stage] ?? "bg-stage-unknown";
}

/** A small square in a stage's colour (decorative: the stage name is always written beside it). */
export function StageSwatch({ stage }: { stage: number }) {
  if (stage === Stage.Unknown) return <NoDataSwatch />;
  return <span aria-hidden="true" className={`inline-block size-3 shrink-0 rounded-sm ${stageBgClass(stage)}`} />;
}

/** The "no data" swatch: a dashed, empty square, as gaps are left blank on the chart. */
export function NoDataSwatch() {
  return (
    <span
      aria-hidden="true"
      className="inline-block size-3 shrink-0 rounded-sm border border-dashed border-current opacity-60"
    />
  );
}

/** Legend of the hypnogram's colours. */
export function StageLegend({
  withSnoring = false,
  withCycles = false,
}: {
  withSnoring?: boolean;
  withCycles?: boolean;
}) {
  const items: Array<{ stage: number; label: string }> = [
    { stage: Stage.Wake, label: "Wake" },
    { stage: Stage.Rem, label: "REM" },
    { stage: Stage.Light, label: "Light" },
    { stage: Stage.Deep, label: "Deep" },
  ];
  return (
    <ul aria-label="Legend" className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600 dark:text-slate-300">
      {items.map((i) => (
        <li key={i.stage} className="flex items-center gap-1.5">
          <StageSwatch stage={i.stage} />
          {i.label}
        </li>
      ))}
      <li className="flex items-center gap-1.5">
        <NoDataSwatch />
        No data (left blank)
      </li>
      {withSnoring ? (
        <li className="flex items-center gap-1.5">
          <span aria-hidden="true" className="bg-snoring inline-block size-3 rounded-sm" />
          Snoring
        </li>
      ) : null}
      {withCycles ? (
        <li className="flex items-center gap-1.5">
          <span
            aria-hidden="true"
            className="inline-block size-3 rounded-sm bg-(--color-cycle-band) ring-1 ring-indigo-300/50"
          />
          Sleep cycle (C1, C2…; every cycle is named in the tooltip)
        </li>
      ) : null}
    </ul>
  );
}

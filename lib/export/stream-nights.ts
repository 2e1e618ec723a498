/**
 * The nights exports as streams: pages of 100 nights by keyset
 * (lib/store/night-export.ts) turned into CSV records or JSON array items as
 * the client reads, so a range of years never sits in memory at once.
 */
import { getLogger } from "../log";
import type { Store } from "../store/client";
import { pageNightsStartingBetween } from "../store/night-export";
import type { SleepSessionView } from "../store/read-model";
import { csvRow } from "../view/csv";
import { NIGHT_CSV_HEADER, nightCsvRecord, nightDateIso, toNightExportRow } from "../view/export-rows";

import { startWindow, type ExportRange } from "./export-range";

export type ExportFormat = "csv" | "json";

/**
 * A stream of a user's nights dated in `range` (oldest first), as CSV (header
 * and one record per night) or JSON (`{"userId","from","to","nights":[…]}`,
 * each night the same fields as a CSV record). The first page is read before
 * this resolves, so an unreachable database fails the request (503) rather
 * than the stream; a later failure aborts the stream (the client sees a
 * truncated download) and is logged.
 */
export async function streamNights(
  store: Store,
  userId: string,
  range: ExportRange,
  format: ExportFormat,
): Promise<ReadableStream<Uint8Array>> {
  const window = startWindow(range);
  const inRange = (v: SleepSessionView) => {
    const d = nightDateIso(v);
    return d >= range.from && d <= range.to;
  };
  let page = await pageNightsStartingBetween(store, userId, window, null);
  let written = 0;
  let started = false;
  const encoder = new TextEncoder();
  const emit = (nights: SleepSessionView[]): string =>
    nights
      .filter(inRange)
      .map((v) => {
        const row = toNightExportRow(v);
        if (format === "csv") return nightCsvRecord(row);
        return `${written++ === 0 ? "" : ","}\n${JSON.stringify(row)}`;
      })
      .join("");
  return new ReadableStream<Uint8Array>({
    // Each pull enqueues something or closes: a pull that enqueued nothing would not be called again.
    async pull(controller) {
      try {
        let text = "";
        if (!started) {
          started = true;
          text =
            format === "csv"
              ? csvRow(NIGHT_CSV_HEADER)
              : `{"userId":${JSON.stringify(userId)},"from":"${range.from}","to":"${range.to}","nights":[`;
          text += emit(page.nights);
        }
        while (!text) {
          if (!page.next) {
            if (format === "json") controller.enqueue(encoder.encode(`${written ? "\n" : ""}]}\n`));
            controller.close();
            return;
          }
          page = await pageNightsStartingBetween(store, userId, window, page.next);
          text = emit(page.nights);
        }
        controller.enqueue(encoder.encode(text));
      } catch (err) {
        getLogger().error({ err, userId }, "nights export failed mid-stream");
        controller.error(err);
      }
    },
  });
}

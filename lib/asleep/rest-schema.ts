/**
 * Asleep's REST API answers (the part reconciliation reads), as zod schemas:
 * the second place Asleep's snake_case names live, beside webhook-schema.ts.
 * Source: ../shared/asleep-rest-api.md (summarised from Asleep's published API
 * reference). Every answer is `{"detail": "<message>", "result": {...}}`;
 * errors carry only `detail`.
 *
 * The schemas check only what reconciliation needs to decide (ids, states,
 * times) and keep every other field as sent (loose objects): a session's full
 * content is validated once, by the webhook schema, when it goes through the
 * ingest pipeline as a SESSION_COMPLETE body ({@link sessionCompleteBody}).
 */
import { z } from "zod";

/** A session's state in Asleep: OPEN while recording, CLOSED while analysing, COMPLETE when done. */
export type AsleepSessionState = "OPEN" | "CLOSED" | "COMPLETE";

/** `GET /data/v3/sessions/{session_id}` -> `result`: the SESSION_COMPLETE `data` object without `user_id`. */
export const asleepSessionResultSchema = z.looseObject({
  timezone: z.string().nullish(),
  peculiarities: z.array(z.string()).nullish(),
  missing_data_ratio: z.number().nullish(),
  session: z.looseObject({
    id: z.string().min(1),
    state: z.string(),
    start_time: z.string(),
    end_time: z.string().nullish(),
    created_timezone: z.string().nullish(),
    sleep_stages: z.array(z.number()).nullish(),
    snoring_stages: z.array(z.number()).nullish(),
  }),
  stat: z.looseObject({}).nullish(),
});
export type AsleepSessionResult = z.infer<typeof asleepSessionResultSchema>;

/** One row of `GET /data/v1/sessions` -> `result.sleep_session_list[]`. Times are ISO 8601; `time_in_bed` in seconds. */
export const asleepSessionListItemSchema = z.looseObject({
  session_id: z.string().min(1),
  state: z.string(),
  session_start_time: z.string(),
  session_end_time: z.string().nullish(),
  created_timezone: z.string().nullish(),
  unexpected_end_time: z.string().nullish(),
  last_received_seq_num: z.number().nullish(),
  time_in_bed: z.number().nullish(),
});
export type AsleepSessionListItem = z.infer<typeof asleepSessionListItemSchema>;

export const asleepSessionListResultSchema = z.looseObject({
  sleep_session_list: z.array(asleepSessionListItemSchema),
});

/** The envelope of every successful answer, around a `result` schema. */
export function asleepEnvelope<T extends z.ZodType>(result: T) {
  return z.looseObject({ detail: z.string().nullish(), result });
}

/** The envelope of an error answer: `{"detail": "..."}` (anything else is tolerated and ignored). */
export const asleepErrorSchema = z.looseObject({ detail: z.unknown().optional() });

/**
 * The SESSION_COMPLETE webhook body (official V3 shape, ../shared/asleep-webhooks.md)
 * that Asleep would have sent for this session: `data` is the Get Session
 * result plus `user_id`. Storing it through the ingest pipeline gives the same
 * rows and the same dedupe key (`SESSION_COMPLETE:<session id>`) as the webhook.
 */
export function sessionCompleteBody(userId: string, result: AsleepSessionResult): { event: "SESSION_COMPLETE"; version: "V3"; data: Record<string, unknown> } {
  return { event: "SESSION_COMPLETE", version: "V3", data: { ...result, user_id: userId } };
}

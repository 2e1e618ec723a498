/**
 * Baseline (a), the machine's HTTP limit: bare node:http answering a JSON
 * POST with nothing else (read the body, JSON.parse, answer the delivery's
 * identity as the product does). Run as a child process by the bench:
 * `node --import tsx bench/baselines/http-limit.ts` with PORT; listens on 127.0.0.1.
 */
import { createServer } from "node:http";

const port = Number(process.env.PORT);

const server = createServer((req, res) => {
  if (req.method !== "POST") {
    res.writeHead(200, { "content-type": "text/plain" }).end("ok");
    return;
  }
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    let answer: string;
    let status = 200;
    try {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as {
        data?: { session_id?: string; inference_seq_num?: number };
      };
      answer = JSON.stringify({
        status: "accepted",
        sessionId: body.data?.session_id,
        inferenceSeqNum: body.data?.inference_seq_num,
      });
    } catch {
      status = 400;
      answer = JSON.stringify({ error: "malformed JSON" });
    }
    res
      .writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(answer) })
      .end(answer);
  });
});

server.listen(port, "127.0.0.1");
process.on("SIGTERM", () => server.close(() => process.exit(0)));

/**
 * Debian's nginx as the load balancer, for the cluster tests and the bench:
 * docs/nginx-nocturne.conf, the shipped config, with its instance addresses and
 * listen port replaced by the ones given, inside a minimal main config in a
 * temporary folder (nginx runs in the foreground, as a child process).
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { freePort, ROOT } from "./server-process";

export interface Nginx {
  baseUrl: string;
  stop(): Promise<void>;
}

/** Starts nginx on a free port with docs/nginx-nocturne.conf pointing at the instances on `upstreams` (loopback ports). */
export async function startNginx(upstreams: readonly number[]): Promise<Nginx> {
  const shipped = fs.readFileSync(path.join(ROOT, "docs", "nginx-nocturne.conf"), "utf8");
  const port = await freePort();
  const servers = shipped.match(/^\s*server 127\.0\.0\.1:\d+ .*;$/gm) ?? [];
  if (servers.length !== upstreams.length) throw new Error(`docs/nginx-nocturne.conf lists ${servers.length} instances, the test runs ${upstreams.length}`);
  let conf = shipped.replace(/^(\s*)listen 8080;$/m, `$1listen 127.0.0.1:${port};`);
  servers.forEach((line, i) => (conf = conf.replace(line, line.replace(/127\.0\.0\.1:\d+/, `127.0.0.1:${upstreams[i]}`))));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nocturne-nginx-"));
  fs.chmodSync(dir, 0o777);
  fs.writeFileSync(path.join(dir, "nocturne.conf"), conf);
  const temp = (n: string) => path.join(dir, n);
  fs.writeFileSync(
    path.join(dir, "nginx.conf"),
    `worker_processes 1;
pid ${temp("nginx.pid")};
error_log ${temp("error.log")} warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${temp("body")};
  proxy_temp_path ${temp("proxy")};
  fastcgi_temp_path ${temp("fastcgi")};
  uwsgi_temp_path ${temp("uwsgi")};
  scgi_temp_path ${temp("scgi")};
  include ${temp("nocturne.conf")};
}
`,
  );
  const bin = fs.existsSync("/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx";
  const child: ChildProcess = spawn(bin, ["-p", dir, "-c", path.join(dir, "nginx.conf"), "-g", "daemon off;"], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let err = "";
  child.stderr!.on("data", (d) => (err += d));
  const baseUrl = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${err}`);
    try {
      await fetch(`${baseUrl}/healthz`);
      break;
    } catch {
      if (i > 100) throw new Error(`nginx did not answer: ${err}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    baseUrl,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGQUIT");
        setTimeout(() => child.kill("SIGKILL"), 5000).unref();
      }),
  };
}


// Fails when the build shipped in the Python package (core/static/app) is not what the sources
// and the lockfile build today, and when the first load's JavaScript exceeds its budget.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { gzipSync } from "node:zlib";

const SHIPPED = new URL("../../core/static/app/", import.meta.url).pathname;
const BUDGET_BYTES = 300 * 1024; // gzip-compressed JavaScript of the first load

function files(root) {
  const found = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else found.push(relative(root, path));
    }
  };
  walk(root);
  return found.sort();
}

const fresh = mkdtempSync(join(tmpdir(), "ledgersync-web-"));
try {
  execFileSync("npx", ["vite", "build", "--logLevel", "warn"], {
    stdio: "inherit",
    env: { ...process.env, LEDGERSYNC_WEB_OUT: fresh },
  });
  const want = files(fresh);
  const have = files(SHIPPED);
  const stale = want.length !== have.length || want.some((name, i) => name !== have[i] ||
    !readFileSync(join(fresh, name)).equals(readFileSync(join(SHIPPED, name))));
  if (stale) {
    console.error("core/static/app is stale: run `make web` and commit the result.");
    console.error(`  built:   ${want.join(", ")}\n  shipped: ${have.join(", ")}`);
    process.exit(1);
  }
  const index = readFileSync(join(fresh, "index.html"), "utf8");
  const scripts = [...index.matchAll(/(?:src|href)="\/app\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
  const gzipped = scripts.reduce((sum, path) => sum + gzipSync(readFileSync(join(fresh, path))).length, 0);
  if (scripts.length === 0 || gzipped > BUDGET_BYTES) {
    console.error(`first-load JavaScript is ${gzipped} bytes gzipped (budget ${BUDGET_BYTES}).`);
    process.exit(1);
  }
  console.log(`web build is current; first-load JavaScript ${(gzipped / 1024).toFixed(1)} KB gzipped.`);
} finally {
  rmSync(fresh, { recursive: true, force: true });
}

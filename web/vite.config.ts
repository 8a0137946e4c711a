/// <reference types="vitest/config" />
// The app is served by Ledgersync at /app; the build goes straight into the Python package so
// `make demo` serves it on a machine without Node.js.
import { defineConfig } from "vite";

export default defineConfig({
  base: "/app/",
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: {
    outDir: process.env.LEDGERSYNC_WEB_OUT ?? "../core/static/app",
    emptyOutDir: true,
    target: "es2022",
    // No source maps in the shipped build: smaller package, deterministic output.
    sourcemap: false,
    modulePreload: { polyfill: false },
  },
  test: {
    environment: "happy-dom",
    include: ["tests/**/*.test.{ts,tsx}"],
  },
});

// Installs exactly the packages of package-lock.json (`npm ci`), unless node_modules already
// holds them: a stamp in node_modules records the package.json and lock it was installed from.
// Used by ./generate and the test suite (tests/contract/frontend.py); needs nothing but
// node and npm.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const stamp = `${here}node_modules/.installed-from`;

const digest = createHash("sha256");
for (const name of ["package.json", "package-lock.json"]) {
  digest.update(readFileSync(`${here}${name}`));
}
const wanted = digest.digest("hex");

if (existsSync(stamp) && readFileSync(stamp, "utf8").trim() === wanted) {
  process.exit(0);
}
execFileSync("npm", ["ci", "--no-audit", "--no-fund"], { cwd: here, stdio: "inherit" });
writeFileSync(stamp, `${wanted}\n`);

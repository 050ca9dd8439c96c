#!/usr/bin/env node
/**
 * `npm run test:electronegativity`: Doyensec's electronegativity on the BUILT app (out/main,
 * out/preload, out/renderer) and on the sources (electron/, renderer/, shared/), failing on any
 * finding of severity MEDIUM or HIGH that is not suppressed below with a reason, on any file it
 * could not parse, and on any suppression that no longer matches a finding (so the list cannot rot).
 *
 * Electronegativity bundles TypeScript 4.2 and breaks when the project's newer one is hoisted, so
 * it lives in its own install: package.json + package-lock.json in this folder, installed with
 * `npm ci --prefix test/security/electronegativity` (its node_modules/ is git-ignored), re-installed
 * only when the lockfile changes. Nothing here goes to the network but that npm install: the tool's
 * two downloads (translations, Electron's release list) are stubbed out, and the check that needs
 * the release list (AvailableSecurityFixesGlobalCheck) is skipped; the Electron version is
 * checked offline in test/security/electron-checklist.test.ts (#16).
 *
 * Needs a build first (`npm test` builds before it runs this). Writes test-results/electronegativity/report.json.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..', '..', '..');
const SEVERITY_TO_FAIL = 2; // electronegativity's MEDIUM; HIGH is 3

/**
 * Findings that are reviewed and accepted. Each names the check, the file (relative to the scanned
 * folder) and the code sample, so a NEW occurrence elsewhere is not covered; and says why.
 */
const SUPPRESSIONS = [
  {
    id: 'CONTEXT_ISOLATION_JS_CHECK',
    file: /^(?:out\/)?(?:electron\/)?main\/index\.(?:js|ts)$/,
    sample: /new BrowserWindow\(createWindowOptions\(preloadPath\)\)/,
    why:
      'The options come from createWindowOptions() (electron/main/window.ts), which the tool cannot follow; it sets contextIsolation: true. ' +
      "Asserted by test/unit/electron/window.test.ts ('sets %s to %s explicitly') and, on the window the built main process opens, " +
      "test/security/electron-checklist.test.ts ('every webPreferences hardening flag, exactly as window.ts sets them').",
  },
  {
    id: 'SANDBOX_JS_CHECK',
    file: /^(?:out\/)?(?:electron\/)?main\/index\.(?:js|ts)$/,
    sample: /new BrowserWindow\(createWindowOptions\(preloadPath\)\)/,
    why:
      'Same call: createWindowOptions() sets sandbox: true, and index.ts calls app.enableSandbox() before ready (every renderer sandboxed). ' +
      "Asserted by window.test.ts and main-bundle.test.ts ('sandboxes all renderers and registers app:// before ready').",
  },
  {
    id: 'AUXCLICK_JS_CHECK',
    file: /^(?:out\/)?(?:electron\/)?main\/index\.(?:js|ts)$/,
    sample: /new BrowserWindow\(createWindowOptions\(preloadPath\)\)/,
    why:
      'A middle click opens a new window through the window-open handler, which hardenWebContents() sets on every web contents to deny ' +
      "every window ('denies window.open and opens nothing without an openExternal callback'; property-tested for any URL in electron-checklist.test.ts).",
  },
  {
    id: 'OPEN_EXTERNAL_JS_CHECK',
    file: /^(?:out\/)?(?:electron\/)?main\/index\.(?:js|ts)$/,
    sample: /shell\.openExternal\(url\)/,
    why:
      'Reached only through hardenWebContents(), which hands over https: URLs only (never file:, smb: or custom schemes, the RCE vectors). ' +
      "Asserted by window.test.ts ('hands only https links to openExternal, still denying the window') and for any URL in electron-checklist.test.ts. " +
      'Residual risk noted in the issue #6 report: any https URL the page navigates to opens in the browser (the UI has no external link).',
  },
];

/** Checks left out, and why. */
const EXCLUDED_CHECKS = [
  // Downloads Electron's release list from GitHub: no network in tests. Version checked offline (#16).
  'AvailableSecurityFixesGlobalCheck', // AVAILABLE_SECURITY_FIXES_GLOBAL_CHECK
];

function sha256(file) {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** `npm ci` into this folder, unless node_modules already matches the lockfile. */
function ensureInstalled() {
  const stamp = join(here, 'node_modules', '.iamdsn-lock-sha256');
  const want = sha256(join(here, 'package-lock.json'));
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === want) return;
  console.log('electronegativity: installing its pinned, isolated copy (npm ci --prefix test/security/electronegativity)…');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['ci', '--prefix', here, '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { stdio: 'inherit', cwd: repoRoot });
  if (result.status !== 0) throw new Error(`npm ci for electronegativity failed (exit ${result.status})`);
  writeFileSync(stamp, want);
}

/** No network from here on: the tool's downloads are stubbed, and any other request throws. */
function offline() {
  const load = Module._load;
  Module._load = function (request, ...rest) {
    if (request === 'got') {
      const notFound = () => Promise.resolve({ statusCode: 404, body: '' });
      return Object.assign(notFound, { default: notFound, get: notFound, stream: notFound });
    }
    return load.call(this, request, ...rest);
  };
  const refuse = () => {
    throw new Error('electronegativity tried to reach the network');
  };
  for (const mod of [http, https]) {
    mod.request = refuse;
    mod.get = refuse;
  }
}

/** A folder holding copies of `entries` (relative to the repo), plus package.json for version detection. */
function stage(name, entries) {
  const dir = mkdtempSync(join(tmpdir(), `iamdsn-eng-${name}-`));
  for (const entry of [...entries, 'package.json']) {
    const from = join(repoRoot, entry);
    if (!existsSync(from)) throw new Error(`${entry} is missing${entry.startsWith('out') ? ': run `npm run build` first' : ''}`);
    cpSync(from, join(dir, entry), { recursive: true, filter: (src) => !src.includes('node_modules') && !src.endsWith('.map') && !src.endsWith('.tsbuildinfo') });
  }
  return dir;
}

async function main() {
  ensureInstalled();
  offline();
  const requireHere = createRequire(join(here, 'package.json'));
  const run = requireHere('@doyensec/electronegativity');
  const installed = JSON.parse(readFileSync(join(here, 'node_modules', '@doyensec', 'electronegativity', 'package.json'), 'utf8')).version;
  const electronVersion = JSON.parse(readFileSync(join(repoRoot, 'node_modules', 'electron', 'package.json'), 'utf8')).version;

  const scans = [
    { name: 'built output', dir: stage('out', ['out/main', 'out/preload', 'out/renderer']) },
    { name: 'sources', dir: stage('src', ['electron', 'renderer/index.html', 'renderer/src', 'shared']) },
  ];
  const findings = [];
  const errors = [];
  let checks = 0;
  try {
    for (const scan of scans) {
      const result = await run({ input: scan.dir, isRelative: true, electronVersionOverride: electronVersion, excludeFromScan: EXCLUDED_CHECKS });
      checks = result.globalChecks + result.atomicChecks;
      for (const e of result.errors) errors.push({ scan: scan.name, file: relative(scan.dir, e.file), message: e.message, tolerable: e.tolerable });
      for (const issue of result.issues) {
        findings.push({
          scan: scan.name,
          id: issue.id,
          severity: issue.severity.name,
          severityValue: issue.severity.value,
          confidence: issue.confidence.name,
          file: issue.file,
          line: issue.location?.line,
          sample: (issue.sample ?? '').trim().slice(0, 200),
          description: issue.description,
          manualReview: issue.manualReview === true,
        });
      }
    }
  } finally {
    for (const scan of scans) rmSync(scan.dir, { recursive: true, force: true });
  }

  const used = new Set();
  for (const f of findings) {
    const index = SUPPRESSIONS.findIndex((s) => s.id === f.id && s.file.test(f.file) && s.sample.test(f.sample));
    if (index >= 0) {
      f.suppressed = SUPPRESSIONS[index].why;
      used.add(index);
    }
  }
  const failing = findings.filter((f) => f.severityValue >= SEVERITY_TO_FAIL && f.suppressed === undefined);
  const stale = SUPPRESSIONS.filter((_, i) => !used.has(i));
  const unparsed = errors.filter((e) => !e.tolerable);

  console.log(`electronegativity ${installed}, ${checks} checks (excluded: ${EXCLUDED_CHECKS.join(', ')}), Electron ${electronVersion}, scans: ${scans.map((s) => s.name).join(' + ')}`);
  for (const f of findings) {
    const mark = f.suppressed !== undefined ? 'suppressed' : f.severityValue >= SEVERITY_TO_FAIL ? 'FAIL' : 'info';
    console.log(`  [${mark}] ${f.severity}/${f.confidence} ${f.id} — ${f.scan}: ${f.file}:${f.line ?? '?'}  ${f.sample.slice(0, 90)}`);
  }
  for (const e of errors) console.log(`  [${e.tolerable ? 'parse warning' : 'PARSE ERROR'}] ${e.scan}: ${e.file}: ${e.message.slice(0, 160)}`);
  for (const s of stale) console.log(`  [STALE SUPPRESSION] ${s.id} ${s.file} — matches no finding any more: remove it`);

  const reportDir = join(repoRoot, 'test-results', 'electronegativity');
  mkdirSync(reportDir, { recursive: true });
  writeFileSync(
    join(reportDir, 'report.json'),
    `${JSON.stringify({ tool: `@doyensec/electronegativity@${installed}`, electronVersion, excludedChecks: EXCLUDED_CHECKS, findings, errors, stale: stale.map((s) => s.id) }, null, 2)}\n`,
  );
  const counts = { high: findings.filter((f) => f.severity === 'HIGH').length, medium: findings.filter((f) => f.severity === 'MEDIUM').length, lowOrInfo: findings.filter((f) => f.severityValue < SEVERITY_TO_FAIL).length };
  const summary = `${findings.length} findings (${counts.high} high, ${counts.medium} medium, ${counts.lowOrInfo} low/info), ${findings.filter((f) => f.suppressed !== undefined).length} suppressed with a reason, ${failing.length} failing, ${unparsed.length} unparsed files, ${stale.length} stale suppressions`;
  if (failing.length > 0 || unparsed.length > 0 || stale.length > 0) {
    console.error(`electronegativity: FAILED — ${summary}`);
    process.exitCode = 1;
  } else {
    console.log(`electronegativity: passed — ${summary}`);
  }
}

main().catch((error) => {
  console.error('electronegativity could not run:', error);
  process.exitCode = 1;
});

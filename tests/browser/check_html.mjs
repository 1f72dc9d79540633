#!/usr/bin/env node
// Opens the HTML edition and the coverage heat map in headless Chromium and checks them as a reader
// would get them: nothing is fetched, no script runs, the Content-Security-Policy is in force, every
// internal link lands, the page fits the screen, and the print styles apply. Saves screenshots and
// a printed PDF of the first pages.
//
//   node tests/browser/check_html.mjs HTML SVG OUT_DIR
//
// Exits 0 when every check passes, 1 with the list of failures otherwise, 2 on wrong usage.
// Needs playwright-core (tests/browser/run.sh installs it into tests/browser/node/) and Debian's
// chromium at /usr/bin/chromium (or the path in $CHROMIUM).

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const EXPECTED_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";
const VIEWPORT = { width: 1200, height: 900 };
const PHONE = { width: 390, height: 844 };
const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const [htmlArg, svgArg, outArg] = process.argv.slice(2);
if (!htmlArg || !svgArg || !outArg || process.argv.length > 5) {
  console.error('usage: node check_html.mjs HTML SVG OUT_DIR');
  process.exit(2);
}

function loadPlaywright() {
  // Installed by run.sh with `npm install --prefix tests/browser/node`; fall back to normal lookup.
  for (const base of [new URL('./node/package.json', import.meta.url), import.meta.url]) {
    try {
      return createRequire(base)('playwright-core');
    } catch {
      // try the next place
    }
  }
  console.error(
    'check_html: playwright-core is not installed; run tests/browser/run.sh, or ' +
      'npm install --no-save --prefix tests/browser/node playwright-core@1',
  );
  process.exit(2);
}

const failures = [];
const passed = [];
function check(ok, what, detail = '') {
  if (ok) {
    passed.push(what);
    console.log(`  ok    ${what}${detail ? ` (${detail})` : ''}`);
  } else {
    failures.push(`${what}${detail ? `: ${detail}` : ''}`);
    console.log(`  FAIL  ${what}${detail ? `: ${detail}` : ''}`);
  }
}

function fileUrl(p) {
  const abs = path.resolve(p);
  if (!fs.existsSync(abs)) {
    console.error(`check_html: ${abs} does not exist`);
    process.exit(2);
  }
  return pathToFileURL(abs).href;
}

/// A page that records every request but its own, every console message, every page error and
/// every CSP violation (the listener is the test's own code, added before the page's).
async function openWatched(context, url) {
  const page = await context.newPage();
  const watch = { requests: [], failed: [], console: [], errors: [] };
  page.on('request', (r) => {
    if (r.url() !== url) watch.requests.push(`${r.method()} ${r.url()}`);
  });
  page.on('console', (m) => watch.console.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => watch.errors.push(String(e)));
  page.on('requestfailed', (r) => watch.failed.push(`${r.url()} (${r.failure()?.errorText ?? 'failed'})`));
  await page.route('**/*', (route) => {
    const u = route.request().url();
    if (u === url) return route.continue();
    watch.requests.push(`(routed) ${route.request().method()} ${u}`);
    return route.abort('blockedbyclient');
  });
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'}`);
    });
  });
  const response = await page.goto(url, { waitUntil: 'load', timeout: 30_000 });
  return { page, watch, response };
}

function checkQuiet(watch, what) {
  const requests = [...new Set(watch.requests)];
  check(requests.length === 0, `${what}: no request besides the file itself`, requests.join(', ') || 'none');
  check(watch.errors.length === 0, `${what}: no page error`, watch.errors.join(' | '));
  check(watch.console.length === 0, `${what}: no console message`, watch.console.join(' | '));
}

async function checkHtml(context, htmlPath, outDir) {
  const url = fileUrl(htmlPath);
  console.log(`HTML edition: ${url}`);
  const { page, watch } = await openWatched(context, url);
  try {
    await checkHtmlPage(page, watch, outDir);
  } catch (e) {
    failures.push(`HTML: the check stopped early: ${e && e.stack ? e.stack : e}`);
    checkQuiet(watch, 'HTML');
  }
  await page.close();
}

async function checkHtmlPage(page, watch, outDir) {
  const facts = await page.evaluate(() => {
    const csp = document.querySelectorAll('meta[http-equiv="Content-Security-Policy" i]');
    const handlers = [];
    for (const el of document.querySelectorAll('*')) {
      for (const a of el.attributes) {
        if (a.name.toLowerCase().startsWith('on')) handlers.push(`<${el.localName} ${a.name}>`);
      }
    }
    const links = [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href'));
    return {
      lang: document.documentElement.lang,
      charset: document.characterSet,
      title: document.title,
      scripts: document.scripts.length,
      cspCount: csp.length,
      csp: csp.length ? csp[0].content : null,
      cspFirstInHead: csp.length ? document.head.firstElementChild.nextElementSibling === csp[0] : false,
      viewport: !!document.querySelector('meta[name="viewport"]'),
      handlers,
      active: document.querySelectorAll('script, iframe, frame, object, embed, img, link, base, form, svg, video, audio, picture, source').length,
      badLinks: links.filter((h) => !/^(#|https?:\/\/|mailto:)/i.test(h)),
      externalLinks: links.filter((h) => /^(https?:|mailto:)/i.test(h)).length,
      sheets: [...document.styleSheets].map((s) => s.href).filter(Boolean),
      violations: window.__cspViolations.slice(),
      badges: {
        declared: document.querySelectorAll('.badge-declared').length,
        implied: document.querySelectorAll('.badge-implied').length,
        suggested: document.querySelectorAll('.badge-suggested').length,
      },
      practices: document.querySelectorAll('h3 > a[id]').length,
      chapters: document.querySelectorAll('h2 > a[id^="chapter_"]').length,
      sources: document.querySelectorAll('li > a[id^="source_"]').length,
      fonts: [...document.fonts].length,
      // Practices not written in English: each in a section that names its language.
      languages: [...document.querySelectorAll('section[lang]')].map((s) => ({
        lang: s.lang,
        startsWithPractice: s.firstElementChild?.matches('h3') && !!s.firstElementChild.querySelector('a[id]'),
        practices: s.querySelectorAll('h3 > a[id]').length,
        direction: getComputedStyle(s).direction,
        alsoUnder: [...s.querySelectorAll('h4')].some((h) => h.textContent.trim() === 'Also under this principle'),
        dir: s.getAttribute('dir'),
        // The tool's labels inside it (the facts' "Id:", "Recommendations") stay English, left to right.
        labels: [...s.querySelectorAll('li > strong:first-child, p > strong:first-child')]
          .filter((l) => /^(Id:|Area:|Principles:|Status:|Recommendations)$/.test(l.textContent.trim()))
          .map((l) => ({ lang: l.closest('[lang]').lang, direction: getComputedStyle(l).direction })),
      })),
    };
  });
  check(facts.lang === 'en', 'html lang="en"', facts.lang);
  check(facts.charset === 'UTF-8', 'UTF-8', facts.charset);
  check(/edition/.test(facts.title), 'title names the edition', facts.title);
  check(facts.viewport, 'viewport meta');
  check(facts.cspCount === 1 && facts.csp === EXPECTED_CSP, 'one CSP meta with the expected policy', facts.csp);
  check(facts.cspFirstInHead, 'CSP meta right after the charset, before anything it governs');
  check(facts.scripts === 0, 'no script element', `document.scripts.length = ${facts.scripts}`);
  check(facts.handlers.length === 0, 'no on* event-handler attribute', facts.handlers.slice(0, 5).join(', '));
  check(facts.active === 0, 'no script/iframe/object/embed/img/link/base/form/svg/media element', String(facts.active));
  check(facts.badLinks.length === 0, 'every link is #anchor, http(s) or mailto', facts.badLinks.slice(0, 5).join(', '));
  check(facts.sheets.length === 0, 'no external stylesheet', facts.sheets.join(', '));
  check(facts.fonts === 0, 'no web font', String(facts.fonts));
  check(facts.violations.length === 0, 'no CSP violation while loading', facts.violations.join(', ') || '0 events');
  check(facts.practices > 0 && facts.chapters > 0 && facts.sources > 0, 'practices, chapters and sources present',
    `${facts.practices} practices, ${facts.chapters} chapters, ${facts.sources} sources, ${facts.externalLinks} external links`);
  const badSections = facts.languages.filter((s) => !s.startsWithPractice || s.practices !== 1 || s.lang === 'en' || s.alsoUnder ||
    (s.dir === 'rtl') !== (s.direction === 'rtl') || s.labels.length < 4 ||
    s.labels.some((l) => l.lang !== 'en' || l.direction !== 'ltr'));
  check(facts.languages.length > 0 && badSections.length === 0,
    'each practice not in English is one section carrying its language (right to left where it is written so), its labels English and left to right',
    `${facts.languages.length} sections (${[...new Set(facts.languages.map((s) => s.lang))].join(', ')}); ${JSON.stringify(badSections.slice(0, 3))}`);
  check(facts.badges.declared + facts.badges.implied + facts.badges.suggested > 0, 'principle badges',
    `${facts.badges.declared} declared, ${facts.badges.implied} implied, ${facts.badges.suggested} suggested`);

  // Every internal link lands on an element with that id.
  const anchors = await page.evaluate(() => {
    const missing = [];
    const hrefs = [...document.querySelectorAll('a[href^="#"]')].map((a) => a.getAttribute('href'));
    for (const h of hrefs) {
      const id = decodeURIComponent(h.slice(1));
      if (!document.getElementById(id)) missing.push(h);
    }
    const ids = [...document.querySelectorAll('[id]')].map((e) => e.id);
    const dup = ids.filter((id, i) => ids.indexOf(id) !== i);
    return { total: hrefs.length, unique: new Set(hrefs).size, missing: [...new Set(missing)], dup: [...new Set(dup)] };
  });
  check(anchors.total > 0 && anchors.missing.length === 0, 'every a[href^="#"] lands on an existing id',
    anchors.missing.length ? `missing: ${anchors.missing.join(', ')}` : `${anchors.total} links to ${anchors.unique} targets`);
  check(anchors.dup.length === 0, 'ids are unique', anchors.dup.join(', '));

  // Follow each link of the contents for real: the target heading comes into view.
  const contents = await page.$$eval('h2:has(#section_contents) + ol a[href^="#"]', (as) => as.map((a) => a.getAttribute('href')));
  const notLanded = [];
  for (const href of contents) {
    await page.click(`h2:has(#section_contents) + ol a[href="${href}"]`);
    const landed = await page.evaluate((h) => {
      const t = document.getElementById(h.slice(1));
      const top = t ? t.getBoundingClientRect().top : NaN;
      return location.hash === h && top >= -2 && top < window.innerHeight / 2;
    }, href);
    if (!landed) notLanded.push(href);
  }
  check(contents.length > 0 && notLanded.length === 0, 'clicking each contents entry scrolls to its chapter',
    notLanded.length ? `not in view: ${notLanded.join(', ')}` : `${contents.length} entries`);
  await page.evaluate(() => window.scrollTo(0, 0));

  // The layout fits the screen, on a desktop and on a phone.
  const overflow = async () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check((await overflow()) <= 0, `no horizontal scrolling at ${VIEWPORT.width}px`);
  const lineLength = await page.evaluate(() => {
    const p = document.querySelector('main > p');
    return p ? Math.round(p.getBoundingClientRect().width / parseFloat(getComputedStyle(p).fontSize)) : 0;
  });
  check(lineLength > 0 && lineLength <= 50, 'paragraphs keep a readable measure', `${lineLength} em wide`);
  await page.setViewportSize(PHONE);
  check((await overflow()) <= 0, `no horizontal scrolling at ${PHONE.width}px (tables scroll inside)`);
  await page.setViewportSize(VIEWPORT);

  // Screenshots: the first screen, and the first two screens.
  await page.evaluate(() => window.scrollTo(0, 0));
  const shotFirst = path.join(outDir, 'html-first-screen.png');
  await page.screenshot({ path: shotFirst });
  const shotTop = path.join(outDir, 'html-top.png');
  await page.screenshot({ path: shotTop, fullPage: true, clip: { x: 0, y: 0, width: VIEWPORT.width, height: VIEWPORT.height * 2 } });
  check(fs.statSync(shotTop).size > 10_000, 'screenshot saved', `${shotFirst}, ${shotTop}`);

  // Print: the rules of the print stylesheet apply.
  await page.emulateMedia({ media: 'print' });
  const print = await page.evaluate(() => {
    const h2 = [...document.querySelectorAll('main > h2')];
    const chapter = document.querySelector('h2:has(> a[id^="chapter_"])');
    const ext = document.querySelector('.ext a');
    const link = document.querySelector('main a[href]');
    return {
      firstH2: h2.length ? getComputedStyle(h2[0]).breakBefore : null,
      chapterBreak: chapter ? getComputedStyle(chapter).breakBefore : null,
      linkColor: link ? getComputedStyle(link).color : null,
      extAfter: ext ? getComputedStyle(ext, '::after').content : null,
      extRule: [...document.styleSheets].flatMap((sheet) => {
        try {
          return [...sheet.cssRules];
        } catch {
          return []; // a sheet from elsewhere (already a failure above)
        }
      })
        .filter((r) => r.media && [...r.media].includes('print'))
        .flatMap((r) => [...r.cssRules]).some((r) => r.selectorText === '.ext a::after' && /attr\(href\)/.test(r.style.content)),
      h3After: document.querySelector('h3') ? getComputedStyle(document.querySelector('h3')).breakAfter : null,
      hidden: [...document.querySelectorAll('main *')].filter((e) => getComputedStyle(e).display === 'none').length,
    };
  });
  check(print.chapterBreak === 'page' && print.firstH2 !== 'page', 'print: each chapter starts a page (not the contents)',
    `chapter ${print.chapterBreak}, contents ${print.firstH2}`);
  check(print.linkColor === 'rgb(0, 0, 0)', 'print: links in black', print.linkColor);
  check(print.h3After === 'avoid', 'print: no break after a practice heading', print.h3After);
  check(print.extAfter === null ? print.extRule : /attr\(href\)|http|mailto/.test(print.extAfter),
    'print: external URLs after the link text',
    print.extAfter ??
      (print.extRule
        ? 'the .ext a::after rule is there; every external link of this edition already shows its URL'
        : 'no print rule `.ext a::after { content: … attr(href) … }`'));
  check(print.hidden === 0, 'print: nothing hidden', `${print.hidden} hidden elements`);
  const pdfPath = path.join(outDir, 'html-first-pages.pdf');
  await page.pdf({ path: pdfPath, format: 'A4', printBackground: true, pageRanges: '1-4' });
  const pdf = fs.readFileSync(pdfPath);
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
  check(pdf.subarray(0, 5).toString() === '%PDF-' && pages >= 1, 'printed PDF saved', `${pdfPath}, ${pages} pages`);
  await page.emulateMedia({ media: 'screen' });

  checkQuiet(watch, 'HTML');

  // Finally, prove the policy is in force: the test's own probe tries to run an inline script and
  // load an image; both must be refused, with a securitypolicyviolation event each.
  const probe = await page.evaluate(async () => {
    const before = window.__cspViolations.length;
    const s = document.createElement('script');
    s.textContent = 'window.__probeRan = true;';
    document.body.appendChild(s);
    const img = document.createElement('img');
    img.src = 'https://example.invalid/probe.png';
    document.body.appendChild(img);
    await new Promise((r) => setTimeout(r, 300));
    s.remove();
    img.remove();
    return { ran: window.__probeRan === true, violations: window.__cspViolations.slice(before) };
  });
  check(!probe.ran, 'CSP blocks an injected inline script', probe.ran ? 'it ran' : 'did not run');
  check(probe.violations.some((v) => v.startsWith('script-src')) && probe.violations.some((v) => v.startsWith('img-src')),
    'CSP reports the probe (the policy is parsed and enforced)', probe.violations.join(', '));
  // Chromium may report the refused image as a request that failed at once; it must not reach
  // the network (nor the interception, which sees what would).
  const probeRequests = watch.requests.filter((r) => r.includes('example.invalid/probe.png'));
  const otherRequests = watch.requests.filter((r) => !r.includes('example.invalid/probe.png'));
  const probeFailures = watch.failed.filter((r) => r.includes('example.invalid/probe.png'));
  check(otherRequests.length === 0 && probeRequests.every((r) => !r.startsWith('(routed)')) &&
      probeRequests.length === probeFailures.length && probeFailures.every((f) => /\(csp\)|BLOCKED_BY_CSP/i.test(f)),
    'the probe image was refused before any fetch', probeFailures.join(', ') || 'no request at all');
}

async function checkSvg(context, svgPath, outDir) {
  const url = fileUrl(svgPath);
  console.log(`Coverage heat map: ${url}`);
  const { page, watch } = await openWatched(context, url);
  try {
    await checkSvgPage(page, watch, outDir);
  } catch (e) {
    failures.push(`SVG: the check stopped early: ${e && e.stack ? e.stack : e}`);
    checkQuiet(watch, 'SVG');
  }
  await page.close();
}

async function checkSvgPage(page, watch, outDir) {
  const facts = await page.evaluate(() => {
    const root = document.documentElement;
    const box = root.getBoundingClientRect();
    const handlers = [];
    for (const el of document.querySelectorAll('*')) {
      for (const a of el.attributes) if (a.name.toLowerCase().startsWith('on')) handlers.push(`${el.localName} ${a.name}`);
    }
    const external = [...document.querySelectorAll('*')]
      .flatMap((el) => ['href', 'xlink:href', 'src'].map((n) => el.getAttribute(n)))
      .filter((v) => v && !v.startsWith('#'));
    return {
      root: root.localName,
      width: Math.round(box.width),
      height: Math.round(box.height),
      texts: document.querySelectorAll('text').length,
      rects: document.querySelectorAll('rect').length,
      scripts: document.querySelectorAll('script, foreignObject, image, iframe').length,
      handlers,
      external,
      title: document.querySelector('title')?.textContent ?? '',
      violations: window.__cspViolations.slice(),
    };
  });
  check(facts.root === 'svg', 'an SVG document', facts.root);
  check(facts.width > 100 && facts.height > 100 && facts.rects > 0 && facts.texts > 0, 'it renders',
    `${facts.width}×${facts.height}, ${facts.rects} rects, ${facts.texts} texts, "${facts.title}"`);
  check(facts.scripts === 0 && facts.handlers.length === 0, 'no script, foreignObject, image or event handler',
    facts.handlers.slice(0, 5).join(', '));
  check(facts.external.length === 0, 'no external reference', facts.external.slice(0, 5).join(', '));
  await page.setViewportSize({ width: Math.max(facts.width, 200), height: Math.max(facts.height, 200) });
  const shot = path.join(outDir, 'coverage-heatmap.png');
  await page.screenshot({ path: shot }); // fullPage hangs on a bare SVG document
  check(fs.statSync(shot).size > 5_000, 'screenshot saved', shot);
  checkQuiet(watch, 'SVG');
}

const started = Date.now();
const outDir = path.resolve(outArg);
fs.mkdirSync(outDir, { recursive: true });
const { chromium } = loadPlaywright();
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
if (!fs.existsSync(executablePath)) {
  console.error(`check_html: ${executablePath} is missing; install Debian's chromium (tests/browser/run.sh does)`);
  process.exit(2);
}
let browser;
try {
  browser = await chromium.launch({ executablePath, args: LAUNCH_ARGS, timeout: 60_000 });
  console.log(`Chromium ${browser.version()}`);
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1, offline: true });
  await checkHtml(context, htmlArg, outDir);
  await checkSvg(context, svgArg, outDir);
} catch (e) {
  failures.push(`the check itself failed: ${e && e.stack ? e.stack : e}`);
} finally {
  if (browser) await browser.close();
}
const seconds = ((Date.now() - started) / 1000).toFixed(1);
if (failures.length) {
  console.error(`\ncheck_html: ${failures.length} check(s) failed (${passed.length} passed, ${seconds} s):`);
  for (const f of failures) console.error(`  - ${f}`);
  process.exit(1);
}
console.log(`\ncheck_html: all ${passed.length} checks passed in ${seconds} s; output in ${outDir}`);

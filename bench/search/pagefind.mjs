// Times Pagefind's search in headless Chromium: loads a page of the site,
// imports the Pagefind bundle and runs each query, fetching the top ten
// results' data (title, excerpt: what Portico's results page shows).
//   node pagefind.mjs BASE_URL QUERIES_FILE  -> JSON on stdout
import { readFileSync } from "node:fs";
import { chromium } from "playwright-core";

const [base, queriesFile] = process.argv.slice(2);
const queries = readFileSync(queriesFile, "utf8").split("\n").filter(Boolean);
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run"],
});
try {
  const page = await browser.newPage();
  await page.goto(base + "/en/", { waitUntil: "load" });
  const result = await page.evaluate(async (queries) => {
    const pf = await import("/pagefind/pagefind.js");
    await pf.options({ excerptLength: 30 });
    await pf.init();
    const times = [];
    for (const q of queries) {
      const t0 = performance.now();
      const r = await pf.search(q);
      await Promise.all(r.results.slice(0, 10).map((x) => x.data()));
      times.push(performance.now() - t0);
    }
    return { times };
  }, queries);
  console.log(JSON.stringify(result));
} finally {
  await browser.close();
}

// Writes pkg/README.md, the npm page: pkg-template/README.md's intro, then the repository README from
// `<!-- npm:start` to `<!-- npm:end`, without its `<!-- repo-only:start -->`…`<!-- repo-only:end -->`
// blocks (how the package is built and measured) and with its `<!-- npm-only: … -->` comments shown. The npm page is read away from the repository, so
// every relative link becomes an absolute one to the repository (package.json `repository`), and the
// build fails on an in-page link to a heading the page does not have.
import { readFileSync, writeFileSync } from 'node:fs';

const [template, readme, packageJson, out] = process.argv.slice(2);
const fail = (message) => {
  console.error(`npm-readme: ${message}`);
  process.exit(1);
};

const { repository } = JSON.parse(readFileSync(packageJson, 'utf8'));
const repo = String(repository?.url ?? '').replace(/^git\+/, '').replace(/\.git$/, '');
if (!/^https:\/\/github\.com\/[^/]+\/[^/]+$/.test(repo)) fail(`${packageJson} has no GitHub repository url`);

const source = readFileSync(readme, 'utf8');
const start = source.indexOf('<!-- npm:start');
const end = source.indexOf('<!-- npm:end');
if (start < 0 || end < start) fail(`${readme} has no <!-- npm:start … <!-- npm:end section`);
let section = source.slice(source.indexOf('\n', start) + 1, end);
section = section.replace(/<!-- repo-only:start -->[\s\S]*?<!-- repo-only:end -->\n?/g, '');
// What only the npm page says sits in a comment the repository page hides.
section = section.replace(/<!-- npm-only: ([\s\S]*?) -->/g, '$1');
if (/repo-only:|npm-only:/.test(section)) fail('a repo-only or npm-only marker is not closed');

let page = `${readFileSync(template, 'utf8').trimEnd()}\n\n${section.trimEnd()}\n`;

// Links outside code: `[text](target)` and `![alt](target)`. Fenced code is left as it is.
const parts = page.split(/(```[\s\S]*?```)/);
for (let i = 0; i < parts.length; i += 2) {
  parts[i] = parts[i].replace(/(!?)\[([^\]]*)\]\(([^)\s]+)\)/g, (whole, bang, text, target) => {
    if (/^(https?:|mailto:|#)/.test(target)) return whole;
    const path = target.replace(/^\.\//, '');
    return `${bang}[${text}](${repo}/${bang ? 'raw' : 'blob'}/main/${path})`;
  });
}
page = parts.join('');

// GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens.
const slug = (heading) =>
  heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
const anchors = new Set(
  page.split(/```[\s\S]*?```/).flatMap((text) => [...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1]))),
);
for (const [, anchor] of page.matchAll(/\]\(#([^)]+)\)/g)) {
  if (!anchors.has(anchor)) fail(`a link to #${anchor}, a heading the npm page does not have`);
}
// Repository chores (make targets) mean nothing to someone who installed the package.
const chore = page.match(/`make [a-z-]+`/);
if (chore) fail(`the npm page mentions ${chore[0]}: put it in a repo-only block`);
writeFileSync(out, page);

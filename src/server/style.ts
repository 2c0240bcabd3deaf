// The one stylesheet, inlined in every page. Its SHA-256 goes into the Content-Security-Policy, so the
// policy can stay at default-src 'self' with no 'unsafe-inline' and the page needs no second request.
import { createHash } from 'node:crypto';

export const CSS = `
:root{color-scheme:light dark;--fg:#1d1d1f;--muted:#5f6368;--bg:#fdfdfb;--line:#e2e2de;--accent:#0b57d0;--mark:#fff3b0;--banner:#e8f0fe}
@media (prefers-color-scheme:dark){:root{--fg:#e8e6e3;--muted:#a0a4a8;--bg:#141414;--line:#333;--accent:#8ab4f8;--mark:#5c4d00;--banner:#1f2a3d}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:17px/1.6 Charter,"Bitstream Charter","Sitka Text",Cambria,Georgia,serif}
header.site,footer.site,main{max-width:46rem;margin:0 auto;padding:0 1rem}
header.site{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;justify-content:space-between;padding-top:1rem;padding-bottom:.5rem;border-bottom:1px solid var(--line)}
header.site a.brand{font:700 1.25rem/1 system-ui,sans-serif;color:var(--fg);text-decoration:none;letter-spacing:-.01em}
form.search{display:flex;gap:.25rem}
form.search.within{flex-wrap:wrap;align-items:center;font:.9rem system-ui,sans-serif;margin:.5rem 0 1rem}
form.search.within label{flex-basis:100%}
form.search.within input{flex:1}
form.search input{font:inherit;font-size:.95rem;padding:.25rem .5rem;border:1px solid var(--line);border-radius:4px;background:var(--bg);color:var(--fg);min-width:12rem}
form.search button{font:600 .9rem system-ui,sans-serif;padding:.25rem .75rem;border:1px solid var(--line);border-radius:4px;background:var(--bg);color:var(--fg)}
a{color:var(--accent)}
h1,h2,h3{font-family:system-ui,sans-serif;line-height:1.25;letter-spacing:-.01em}
h1{font-size:1.8rem;margin:1.2rem 0 .6rem}
h2{font-size:1.2rem;margin:2rem 0 .5rem;padding-top:.5rem;border-top:1px solid var(--line)}
h3{font-size:1.05rem;margin:1.2rem 0 .3rem}
.meta,.muted{color:var(--muted);font:.85rem/1.4 system-ui,sans-serif}
.banner{background:var(--banner);padding:.5rem 1rem;font:.9rem system-ui,sans-serif;text-align:center}
ol.stories{list-style:none;padding:0}
ol.stories li{padding:.9rem 0;border-bottom:1px solid var(--line)}
ol.stories h2{border:0;margin:0 0 .2rem;padding:0;font-size:1.15rem}
ol.stories h2 a{color:var(--fg);text-decoration:none}
ol.stories h2 a:hover{text-decoration:underline}
ol.stories p{margin:.2rem 0}
nav.pages{display:flex;justify-content:space-between;margin:1rem 0;font:.9rem system-ui,sans-serif}
a.s{color:inherit;text-decoration:none;border-bottom:1px dotted var(--muted)}
a.s:hover,a.s:focus{background:var(--mark)}
sup.c{font:600 .65rem system-ui,sans-serif;position:relative}
sup.c a{text-decoration:none;padding:0 .1rem}
sup.c .pop{display:none;position:absolute;left:0;top:1.4em;z-index:2;width:min(24rem,80vw);padding:.5rem .65rem;background:var(--bg);color:var(--fg);border:1px solid var(--line);border-radius:4px;box-shadow:0 2px 8px rgba(0,0,0,.2);font:400 .85rem/1.45 system-ui,sans-serif}
sup.c:hover .pop,sup.c:focus-within .pop{display:block}
.lead{font-size:1.1rem}
.article-text{white-space:pre-wrap}
.article-text span.s:target{background:var(--mark);outline:2px solid var(--mark);border-radius:2px}
.article-text span.cited{border-bottom:2px solid var(--line)}
table{border-collapse:collapse;width:100%;font:.9rem system-ui,sans-serif}
th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
ul.plain{list-style:none;padding:0}
ul.plain li{margin:.35rem 0}
ol.timeline{padding-left:1.2rem}
ol.timeline{padding-left:0;list-style:none}
ol.timeline li{display:grid;grid-template-columns:6.5rem 1fr;gap:.6rem;margin:.6rem 0}
ol.timeline .when{font:600 .85rem/1.9 system-ui,sans-serif}
ol.timeline time{white-space:nowrap}
ol.timeline .dating{display:block;font:400 .75rem/1.2 system-ui,sans-serif;color:var(--muted)}
blockquote{margin:.6rem 0;padding-left:.8rem;border-left:3px solid var(--line)}
.badge{font:600 .7rem system-ui,sans-serif;background:var(--banner);padding:.05rem .35rem;border-radius:3px;margin-left:.3rem}
form.watch{display:grid;gap:.3rem;max-width:32rem;font:.9rem system-ui,sans-serif}
form.watch input,form.watch textarea{font:inherit;padding:.3rem .5rem;border:1px solid var(--line);border-radius:4px;background:var(--bg);color:var(--fg)}
form.watch label{margin-top:.4rem;font-weight:600}
form.watch button{justify-self:start;margin-top:.6rem}
p.error{color:#b3261e;font:600 .9rem system-ui,sans-serif}
a.skip{position:absolute;left:-999px;top:0;padding:.4rem .8rem;background:var(--bg);z-index:5}
a.skip:focus{left:.5rem}
nav.site{display:flex;gap:1rem;font:.9rem system-ui,sans-serif;margin-right:auto}
nav.site a{color:var(--fg)}
[data-item].current{outline:2px solid var(--accent);outline-offset:4px;border-radius:2px}
:focus-visible{outline:2px solid var(--accent);outline-offset:2px}
dialog#keys{max-width:24rem;border:1px solid var(--line);border-radius:6px;background:var(--bg);color:var(--fg);font:.95rem/1.5 system-ui,sans-serif}
dialog#keys::backdrop{background:rgba(0,0,0,.4)}
dialog#keys h2{margin-top:0;border:0;padding:0}
dl.keys{display:grid;grid-template-columns:auto 1fr;gap:.3rem 1rem}
dl.keys dd{margin:0}
kbd{font:600 .85rem ui-monospace,monospace;border:1px solid var(--line);border-bottom-width:2px;border-radius:3px;padding:0 .3rem}
button{font:600 .9rem system-ui,sans-serif;padding:.25rem .75rem;border:1px solid var(--line);border-radius:4px;background:var(--bg);color:var(--fg);cursor:pointer}
button.linkish{border:0;padding:0;background:none;color:var(--accent);text-decoration:underline;font:inherit;margin-left:.5rem}
.scroll{overflow-x:auto}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
figure.volume{margin:.5rem 0}
svg.volume{display:block;width:100%;height:7rem}
svg.volume rect,svg.spark rect{fill:var(--accent)}
svg.volume line.axis{stroke:var(--muted);stroke-width:1}
.axis-labels{display:flex;justify-content:space-between;gap:.5rem}
svg.spark{vertical-align:middle;margin-right:.5rem;border-bottom:1px solid var(--line)}
details summary{cursor:pointer}
details.focus{margin:.8rem 0;font:.9rem system-ui,sans-serif}
details.focus form{margin:.4rem 0}
details.focus input{font:inherit;padding:.25rem .5rem;border:1px solid var(--line);border-radius:4px;background:var(--bg);color:var(--fg);width:min(20rem,100%)}
@media (max-width:40rem){
body{font-size:16px}
h1{font-size:1.45rem}
header.site{padding-top:.6rem}
form.search{flex:1 1 100%}
form.search input{flex:1;min-width:0}
sup.c{position:static}
sup.c .pop{left:1rem;right:1rem;width:auto;top:auto;margin-top:1.2em}
ol.timeline li{display:block}
ol.timeline .when{line-height:1.4}
ol.timeline .dating{display:inline;margin-left:.4rem}
}
form.filters{font:.9rem system-ui,sans-serif;margin:.5rem 0 1rem;padding:.6rem .8rem;border:1px solid var(--line);border-radius:6px}
form.filters p{margin:.4rem 0;display:flex;flex-wrap:wrap;gap:.3rem .6rem;align-items:center}
form.filters label{font-weight:600}
form.filters input{font:inherit;padding:.25rem .5rem;border:1px solid var(--line);border-radius:4px;background:var(--bg);color:var(--fg)}
form.filters input[type=search],form.filters input[type=text]{flex:1;min-width:10rem}
ol.results{list-style:none;padding:0}
ol.results>li{padding:.8rem 0;border-bottom:1px solid var(--line)}
ol.results h2{border:0;margin:0 0 .3rem;padding:0;font-size:1.1rem}
ol.results h2 a{color:var(--fg)}
.hit .kind{font:600 .75rem system-ui,sans-serif;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
p.snippet{margin:.15rem 0 .5rem}
ul.hits{margin:.3rem 0 0 .8rem;padding-left:.8rem;border-left:2px solid var(--line)}
mark{background:var(--mark);color:inherit;padding:0 .05em;border-radius:2px}
footer.site{margin-top:3rem;padding-top:1rem;padding-bottom:2rem;border-top:1px solid var(--line);color:var(--muted);font:.8rem/1.5 system-ui,sans-serif}
`;

export const CSS_HASH = `'sha256-${createHash('sha256').update(CSS).digest('base64')}'`;

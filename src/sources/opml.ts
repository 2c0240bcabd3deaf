// OPML 2.0 subscription lists: parse (nested outlines become folders) and serialise. Hand-written on
// purpose: OPML is a tiny XML vocabulary, none of the installed XML libraries both rejects ill-formed
// documents and decodes entities in attributes (linkedom's XML mode keeps `&amp;` literally), and an
// import must say clearly when a file is broken rather than import half of it silently.
import { StorylineError } from '../errors.ts';

export interface OpmlOutline {
  text: string;
  title: string | null;
  type: string | null;
  xmlUrl: string | null;
  htmlUrl: string | null;
  /** Other attributes, kept for round trips (e.g. category, description). */
  attributes: Record<string, string>;
  children: OpmlOutline[];
}

export interface OpmlDocument {
  title: string | null;
  dateCreated: string | null;
  outlines: OpmlOutline[];
}

export interface OpmlFeed {
  xmlUrl: string;
  title: string;
  htmlUrl: string | null;
  /** Folder path from the enclosing outlines, outermost first. */
  folders: string[];
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeXml(s: string, input: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+);|&/g, (whole, ref: string | undefined) => {
    if (!ref) throw new StorylineError('sources', 'opml_invalid', 'unescaped "&"', { input });
    if (ref.startsWith('#x')) return String.fromCodePoint(parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(Number(ref.slice(1)));
    if (ref in XML_ENTITIES) return XML_ENTITIES[ref];
    throw new StorylineError('sources', 'opml_invalid', `undefined entity ${whole}`, { input });
  });
}

interface Node {
  name: string;
  attrs: Record<string, string>;
  children: Node[];
  text: string;
}

function lineOf(xml: string, index: number): number {
  return xml.slice(0, index).split('\n').length;
}

/** A strict little XML reader: elements, attributes, text; comments/PIs/doctype/CDATA skipped. */
function parseXml(xml: string, input: string): Node {
  const root: Node = { name: '#root', attrs: {}, children: [], text: '' };
  const stack: Node[] = [root];
  const token =
    /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!DOCTYPE[^>]*>|<!\[CDATA\[([\s\S]*?)\]\]>|<\/([A-Za-z_][\w:.-]*)\s*>|<([A-Za-z_][\w:.-]*)((?:\s+[A-Za-z_][\w:.-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>|<|([^<]+)/g;
  let m: RegExpExecArray | null;
  const fail = (msg: string, at: number): never => {
    throw new StorylineError('sources', 'opml_invalid', `line ${lineOf(xml, at)}: ${msg}`, { input });
  };
  while ((m = token.exec(xml))) {
    const top = stack[stack.length - 1];
    if (m[1] !== undefined) top.text += m[1];
    else if (m[2]) {
      if (top.name !== m[2]) fail(`</${m[2]}> closes <${top.name}>`, m.index);
      stack.pop();
    } else if (m[3]) {
      const node: Node = { name: m[3], attrs: {}, children: [], text: '' };
      for (const a of m[4].matchAll(/([A-Za-z_][\w:.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) node.attrs[a[1]] = decodeXml(a[2] ?? a[3], input);
      if (stack.length === 1 && root.children.length) fail('more than one root element', m.index);
      top.children.push(node);
      if (!m[5]) stack.push(node);
    } else if (m[0] === '<') fail('malformed tag', m.index);
    else if (m[6] !== undefined) {
      if (stack.length === 1 && m[6].trim()) fail('text outside the root element', m.index);
      top.text += decodeXml(m[6], input);
    }
  }
  if (stack.length > 1) fail(`<${stack[stack.length - 1].name}> is never closed`, xml.length);
  if (!root.children.length) fail('no root element', 0);
  return root.children[0];
}

function toOutline(n: Node): OpmlOutline {
  const { text, title, type, xmlUrl, htmlUrl, ...rest } = n.attrs;
  return {
    text: text ?? title ?? '',
    title: title ?? null,
    type: type ?? null,
    xmlUrl: xmlUrl ?? null,
    htmlUrl: htmlUrl ?? null,
    attributes: rest,
    children: n.children.filter((c) => c.name === 'outline').map(toOutline),
  };
}

/** Parses OPML text. Throws sources.opml_invalid naming the input and line. */
export function parseOpml(text: string, input = 'opml'): OpmlDocument {
  const root = parseXml(text.replace(/^\uFEFF/, ''), input);
  if (root.name.toLowerCase() !== 'opml') throw new StorylineError('sources', 'opml_invalid', `root element is <${root.name}>, not <opml>`, { input });
  const head = root.children.find((c) => c.name === 'head');
  const body = root.children.find((c) => c.name === 'body');
  if (!body) throw new StorylineError('sources', 'opml_invalid', 'no <body> element', { input });
  const headText = (name: string) => head?.children.find((c) => c.name === name)?.text.trim() || null;
  return { title: headText('title'), dateCreated: headText('dateCreated'), outlines: body.children.filter((c) => c.name === 'outline').map(toOutline) };
}

/** Flattens the outline tree to its feeds (outlines with xmlUrl), with their folder path. */
export function opmlFeeds(doc: OpmlDocument): OpmlFeed[] {
  const out: OpmlFeed[] = [];
  const walk = (outlines: OpmlOutline[], folders: string[]) => {
    for (const o of outlines) {
      if (o.xmlUrl) out.push({ xmlUrl: o.xmlUrl, title: o.title ?? (o.text || o.xmlUrl), htmlUrl: o.htmlUrl, folders });
      // A feed outline with children is unusual; its children stay in the feed's own folder.
      const name = (o.text || o.title || '').trim();
      if (o.children.length) walk(o.children, o.xmlUrl || !name ? folders : [...folders, name]);
    }
  };
  walk(doc.outlines, []);
  return out;
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/\n/g, '&#10;');
}

function serialiseOutline(o: OpmlOutline, indent: string): string {
  const attrs: [string, string | null][] = [
    ['text', o.text],
    ['title', o.title],
    ['type', o.type],
    ['xmlUrl', o.xmlUrl],
    ['htmlUrl', o.htmlUrl],
    ...Object.entries(o.attributes),
  ];
  const a = attrs
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeAttr(v!)}"`)
    .join('');
  if (!o.children.length) return `${indent}<outline${a}/>\n`;
  return `${indent}<outline${a}>\n${o.children.map((c) => serialiseOutline(c, indent + '  ')).join('')}${indent}</outline>\n`;
}

/** Serialises to OPML 2.0. */
export function serialiseOpml(doc: OpmlDocument): string {
  const head = [
    doc.title !== null ? `    <title>${escapeAttr(doc.title)}</title>\n` : '',
    doc.dateCreated ? `    <dateCreated>${escapeAttr(doc.dateCreated)}</dateCreated>\n` : '',
  ].join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0">\n  <head>\n${head}  </head>\n  <body>\n${doc.outlines.map((o) => serialiseOutline(o, '    ')).join('')}  </body>\n</opml>\n`;
}

/**
 * A source stores its folder path as one string, "World / Europe", readable as it is in listings. The
 * separator has spaces around the slash so that a folder named "AC/DC" stays one folder.
 */
export const FOLDER_SEPARATOR = ' / ';

export function joinFolders(folders: string[]): string | null {
  const parts = folders.map((f) => f.trim()).filter(Boolean);
  return parts.length ? parts.join(FOLDER_SEPARATOR) : null;
}

export function splitFolder(folder: string | null | undefined): string[] {
  return (folder ?? '')
    .split(FOLDER_SEPARATOR)
    .map((f) => f.trim())
    .filter(Boolean);
}

/** Builds an OPML document from feeds, nesting each under its folder path (folders in first-seen order). */
export function opmlFromFeeds(feeds: OpmlFeed[], title: string | null = 'storyline subscriptions'): OpmlDocument {
  const outlines: OpmlOutline[] = [];
  // Keyed by the full path so that "A / X" and "B / X" stay distinct folders.
  const folders = new Map<string, OpmlOutline>();
  const folderOutline = (path: string[]): OpmlOutline[] => {
    let siblings = outlines;
    for (let i = 0; i < path.length; i++) {
      const key = JSON.stringify(path.slice(0, i + 1));
      let node = folders.get(key);
      if (!node) {
        node = { text: path[i], title: path[i], type: null, xmlUrl: null, htmlUrl: null, attributes: {}, children: [] };
        folders.set(key, node);
        siblings.push(node);
      }
      siblings = node.children;
    }
    return siblings;
  };
  for (const f of feeds) {
    const o: OpmlOutline = { text: f.title, title: f.title, type: 'rss', xmlUrl: f.xmlUrl, htmlUrl: f.htmlUrl, attributes: {}, children: [] };
    folderOutline(f.folders.map((x) => x.trim()).filter(Boolean)).push(o);
  }
  return { title, dateCreated: new Date().toUTCString(), outlines };
}

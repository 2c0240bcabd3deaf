// @rowanmanning/feed-parser is quadratic in a feed's item count: its Element wraps fast-xml-parser's
// tree lazily and rebuilds every getter on each access, so `children` allocates a new wrapper per child
// on every lookup, and every item asks the channel for its link, authors and categories again. A feed of
// 3,000 items took 20 s, 10,000 did not finish. The parsed tree never changes after parsing, so the
// getters are memoised per element here, and child lookups by name go through a per-element index;
// each element is then wrapped once and each lookup costs O(matches), which makes a parse linear.
// This is the fix as it would be made upstream, applied to the library's own class at import time.
import { Element } from '@rowanmanning/feed-parser/lib/xml/element.js';

/** The library's getters whose value depends only on the (immutable) parsed tree. */
const PURE_GETTERS = [
  'attributes',
  'baseUrl',
  'children',
  'name',
  'namespace',
  'namespaceDeclarations',
  'namespaceUri',
  'textContent',
  'textContentNormalized',
  'innerHtml',
] as const;

let wrapped = 0;
/** How many times the library's own `children` getter has run (each builds one element's wrappers); for tests. */
export function childrenBuilds(): number {
  return wrapped;
}

const MARK = Symbol.for('storyline.feed-parser.linear');
type Proto = Record<PropertyKey, unknown>;

function install(): void {
  const proto = Element.prototype as unknown as Proto;
  // tsx may load this module twice (ESM and CJS graphs); the prototype must be patched once.
  if (proto[MARK]) return;
  proto[MARK] = true;
  for (const key of PURE_GETTERS) {
    const desc = Object.getOwnPropertyDescriptor(Element.prototype, key);
    const get = desc?.get;
    if (!desc || !get) throw new Error(`feed-parser: Element.${key} is no longer a getter; src/sources/feed/linear.ts needs updating`);
    const cache = new WeakMap<object, unknown>();
    Object.defineProperty(Element.prototype, key, {
      ...desc,
      get(this: object) {
        if (cache.has(this)) return cache.get(this);
        if (key === 'children') wrapped++;
        const value: unknown = get.call(this);
        cache.set(this, value);
        return value;
      },
    });
  }
  const index = new WeakMap<object, Map<string, Element[]>>();
  Object.defineProperty(Element.prototype, 'findElementsWithName', {
    configurable: true,
    writable: true,
    value(this: Element, name: string): Element[] {
      let byName = index.get(this);
      if (!byName) {
        byName = new Map();
        for (const child of this.children) {
          if (typeof child === 'string') continue;
          const list = byName.get(child.name);
          if (list) list.push(child);
          else byName.set(child.name, [child]);
        }
        index.set(this, byName);
      }
      // A copy: the library's callers may treat the result as theirs.
      return byName.get(name)?.slice() ?? [];
    },
  });
  // findElementWithName(name, nth) copied the whole match list only to read one entry; the channel's
  // thousands of <item>s made that a per-lookup cost.
  Object.defineProperty(Element.prototype, 'findElementWithName', {
    configurable: true,
    writable: true,
    value(this: Element, name: string, nth = 0): Element | null {
      const all = index.get(this)?.get(name) ?? (this.findElementsWithName(name), index.get(this)?.get(name)) ?? [];
      return all.at(nth) ?? null;
    },
  });
}

install();

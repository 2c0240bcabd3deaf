// Turns an article DOM subtree into plain text: block elements become paragraphs separated by a blank
// line, inline runs are joined, whitespace is normalised, and lines that are page furniture rather than
// article ("Advertisement", "Share this article", photo credits) are dropped.

const BLOCK_TAGS = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'DD', 'DETAILS', 'DIV', 'DL', 'DT', 'FIELDSET', 'FIGCAPTION', 'FIGURE',
  'FOOTER', 'FORM', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HR', 'LI', 'MAIN', 'NAV', 'OL', 'P', 'PRE',
  'SECTION', 'SUMMARY', 'TABLE', 'TBODY', 'TD', 'TH', 'THEAD', 'TFOOT', 'TR', 'UL', 'CAPTION',
]);

/** Never text: scripts, styles, embedded media and form controls. */
const SKIP_TAGS = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'CANVAS', 'IFRAME', 'OBJECT', 'EMBED', 'VIDEO', 'AUDIO', 'BUTTON', 'SELECT', 'TEXTAREA', 'INPUT', 'HEAD', 'TITLE']);

/**
 * Whole paragraphs that are page furniture. Matched against a paragraph's full text (case-insensitive),
 * so an article sentence that merely mentions "advertisement" is kept.
 */
const BOILERPLATE_PARAGRAPH = new RegExp(
  '^(?:' +
    [
      'advertisement', 'advertisements?', 'ad', 'sponsored( content)?', 'story continues below( advertisement)?',
      'continue reading( the main story| below)?', 'article continues below', 'read more', 'read more:?', 'more:?',
      'share( this)?( article| story| page)?( on \\w+)?', 'share on (facebook|twitter|linkedin|whatsapp|email)',
      'tweet', 'email', 'print', 'copy link', 'link copied', 'comments?', 'show comments', 'skip (to|past) .{0,30}',
      '(click|tap) (here )?to (expand|enlarge|view|play).{0,30}', 'image( \\d+)?( of \\d+)?', 'enlarge (this )?image',
      'toggle caption', 'hide caption', 'image caption', 'media caption', 'caption', 'photo:?', '(photo|image) credit:?.{0,60}',
      'related( articles?| stories| content| coverage| topics)?:?', 'recommended( for you)?:?', 'most (read|popular|viewed)',
      'sign up( for (our|the) .{0,40})?', 'subscribe( now| today)?', 'follow us( on .{0,30})?', 'back to top',
      'loading\\.*', 'play video', 'watch:?( .{0,40})?video', 'listen to (this|the) (article|story)', 'audio',
      'this article is more than \\d+ (months?|years?) old',
    ].join('|') +
    ')[.!:]?$',
  'i',
);

/** Credits and captions that sites print as their own paragraph. */
const CREDIT_PARAGRAPH = /^(?:\(?(?:photo|image|picture|video|graphic|illustration)s?(?: credit)?:|\((?:AP|AFP|Reuters|Getty|EPA)[^)]{0,40}\)$|(?:AP|AFP|Reuters|Getty Images|EPA|Shutterstock)(?: Photo)?(?:\/[\w .]+)?$)/i;

export function normaliseSpace(s: string): string {
  return s.replace(/[\u00a0\u2000-\u200a\u202f\u205f\u3000\t\r\f\v ]+/g, ' ').replace(/\u200b|\u200c|\u200d|\ufeff|\u00ad/g, '').trim();
}

export function isBoilerplateParagraph(p: string): boolean {
  return BOILERPLATE_PARAGRAPH.test(p) || CREDIT_PARAGRAPH.test(p);
}

/** Plain text of an element, paragraphs separated by "\n\n". */
export function elementText(root: Element): string {
  const paragraphs: string[] = [];
  let current = '';
  const flush = (): void => {
    for (const line of current.split('\n')) {
      const p = normaliseSpace(line);
      if (p && !isBoilerplateParagraph(p)) paragraphs.push(p);
    }
    current = '';
  };
  // Iterative walk: a deeply nested page must not exhaust the call stack here.
  const stack: Array<{ node: Node; exit: boolean }> = [{ node: root, exit: false }];
  while (stack.length) {
    const { node, exit } = stack.pop()!;
    if (exit) {
      flush();
      continue;
    }
    if (node.nodeType === 3) {
      current += node.nodeValue ?? '';
      continue;
    }
    if (node.nodeType !== 1) continue;
    const el = node as Element;
    const tag = el.tagName.toUpperCase();
    if (SKIP_TAGS.has(tag)) continue;
    if (tag === 'BR') {
      current += '\n';
      continue;
    }
    const block = BLOCK_TAGS.has(tag);
    if (block) {
      flush();
      stack.push({ node, exit: true });
    }
    const kids = el.childNodes;
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ node: kids[i], exit: false });
    if (!block && (tag === 'TD' || tag === 'TH')) current += ' ';
  }
  flush();
  return paragraphs.join('\n\n');
}

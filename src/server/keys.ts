// The pages' one script: keyboard shortcuts as feed readers have them (j/k, o/Enter, /, ?). It is inlined
// like the stylesheet and allowed by its SHA-256 in the Content-Security-Policy, so no other script (an
// injected one, an event-handler attribute) can run. Every page works without it: it only moves focus and
// follows links that are already there.
//
// Items are the elements marked data-item (stories on the front page, developments on a story page,
// results on the search page, cited sentences on an article page); each one's first link, or the one
// marked data-open, is what o/Enter opens and what gets the focus (an item without a link, a cited
// sentence, takes the focus itself through its tabindex). The help overlay is a <dialog id="keys"> the layout renders.
import { createHash } from 'node:crypto';

export const KEYS_JS = `(function(){
var items=function(){return Array.prototype.slice.call(document.querySelectorAll('[data-item]'))};
var at=-1;
var typing=function(e){var t=e.target;return t&&(t.isContentEditable||/^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))};
var link=function(el){return el.querySelector('[data-open]')||(el.matches('a[href]')?el:el.querySelector('a[href]'))};
var move=function(by){
  var all=items();if(!all.length)return;
  if(at<0||at>=all.length||!all[at].classList.contains('current')){
    var f=document.activeElement;at=-1;
    for(var i=0;i<all.length;i++)if(all[i].contains(f)){at=i;break}
  }
  var next=at<0?(by>0?0:all.length-1):Math.min(all.length-1,Math.max(0,at+by));
  if(at>=0)all[at].classList.remove('current');
  at=next;var el=all[at];el.classList.add('current');
  var a=link(el);(a||el).focus({preventScroll:true});
  el.scrollIntoView({block:'nearest'});
};
var help=document.getElementById('keys');
var opener=document.getElementById('keys-open');
if(opener){opener.hidden=false;opener.addEventListener('click',function(){help&&help.showModal()})}
document.addEventListener('keydown',function(e){
  if(e.defaultPrevented||e.ctrlKey||e.metaKey||e.altKey||typing(e))return;
  if(help&&help.open)return;
  var k=e.key;
  if(k==='j'){move(1)}
  else if(k==='k'){move(-1)}
  else if(k==='o'||(k==='Enter'&&document.activeElement===document.body)){
    var all=items(),el=all[at]||null,a=el&&link(el);if(!a)return;a.click()
  }
  else if(k==='/'){var q=document.querySelector('input[type=search]');if(!q)return;q.focus();q.select()}
  else if(k==='?'){if(!help)return;help.showModal()}
  else return;
  e.preventDefault();
});
})();`;

export const KEYS_HASH = `'sha256-${createHash('sha256').update(KEYS_JS).digest('base64')}'`;

/** The shortcuts as the help overlay lists them. */
export const SHORTCUTS: [string[], string][] = [
  [['j'], 'next story, development or result'],
  [['k'], 'previous one'],
  [['o', 'Enter'], 'open it'],
  [['/'], 'search'],
  [['?'], 'this help'],
  [['Esc'], 'close this help'],
];
